package dev.orbit.interop;

import java.util.Set;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * DefaultMQPullConsumer: reads every queue from offset 0 to its max offset; checks the pull statuses at the
 * end of a queue (NO_NEW_MSG) and far past it (OFFSET_ILLEGAL), and a consumer-offset round trip.
 */
public class PullConsumer implements Scenario {
    static final int N = 24;

    public static void main(String[] args) {
        Scenario.runMain(new PullConsumer());
    }

    @Override
    public String name() {
        return "pullConsumer";
    }

    @Override
    public void run(Ctx ctx) throws Exception {
        DefaultMQProducer producer = ctx.producer();
        for (int i = 0; i < N; i++) {
            producer.send(new Message(ctx.topic, i % 2 == 0 ? "even" : "odd", Ctx.bytes("pull-body-" + i)));
        }

        DefaultMQPullConsumer consumer = ctx.pullConsumer();
        Set<MessageQueue> mqs = consumer.fetchSubscribeMessageQueues(ctx.topic);
        Mismatch.equal(4, mqs.size(), "queues of the topic");
        // The broker writes the ConsumeQueue behind the CommitLog: wait until every sent message is indexed,
        // or a queue's max offset read below may still grow while it is being pulled.
        Ctx.waitFor("max offsets of the queues to add up to " + N, ctx.waitSeconds, () -> {
            long sum = 0;
            try {
                for (MessageQueue mq : mqs) {
                    sum += consumer.maxOffset(mq);
                }
            } catch (Exception e) {
                return false;
            }
            return sum == N;
        });
        Received all = new Received();
        int evenSeen = 0;
        for (MessageQueue mq : mqs) {
            long max = consumer.maxOffset(mq);
            Mismatch.equal(0L, consumer.minOffset(mq), "min offset of " + mq);
            long offset = 0;
            while (offset < max) {
                PullResult r = consumer.pull(mq, "*", offset, 32);
                Mismatch.equal(PullStatus.FOUND, r.getPullStatus(), "pull status at offset " + offset + " of " + mq);
                Mismatch.equal(max, r.getMaxOffset(), "maxOffset in pull result of " + mq);
                for (MessageExt m : r.getMsgFoundList()) {
                    Mismatch.equal(offset, m.getQueueOffset(), "queue offset of pulled message");
                    offset++;
                }
                Mismatch.equal(offset, r.getNextBeginOffset(), "nextBeginOffset after pulling " + mq);
                all.addAll(r.getMsgFoundList());
            }
            PullResult end = consumer.pull(mq, "*", max, 32);
            Mismatch.equal(PullStatus.NO_NEW_MSG, end.getPullStatus(), "pull status at the max offset of " + mq);
            Mismatch.equal(max, end.getNextBeginOffset(), "nextBeginOffset of a pull at the max offset");
            PullResult beyond = consumer.pull(mq, "*", max + 100, 32);
            Mismatch.equal(PullStatus.OFFSET_ILLEGAL, beyond.getPullStatus(), "pull status far past the max offset of " + mq);
            Mismatch.equal(max, beyond.getNextBeginOffset(), "nextBeginOffset suggested for an offset past the end");

            PullResult even = consumer.pull(mq, "even", 0, 32);
            if (even.getPullStatus() == PullStatus.FOUND) {
                for (MessageExt m : even.getMsgFoundList()) {
                    Mismatch.equal("even", m.getTags(), "tag of message pulled with 'even'");
                    evenSeen++;
                }
            }

            consumer.updateConsumeOffset(mq, max);
        }
        all.await("pulled messages", N, 1);
        Mismatch.equal(N / 2, evenSeen, "messages pulled with subscription 'even'");

        // updateConsumeOffset only caches; persistence goes to the broker with UPDATE_CONSUMER_OFFSET.
        MessageQueue some = mqs.iterator().next();
        consumer.getOffsetStore().persist(some);
        long stored = -1;
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            stored = consumer.fetchConsumeOffset(some, true);
            if (stored == consumer.maxOffset(some)) {
                break;
            }
            Thread.sleep(100);
        }
        Mismatch.equal(consumer.maxOffset(some), stored, "consumer offset read back from the broker for " + some);
    }
}
