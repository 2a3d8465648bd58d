package dev.orbit.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.common.message.MessageExt;

/** Messages a consumer got, keyed by body; duplicates are kept to be reported. */
public final class Received {
    public final Map<String, MessageExt> byBody = new ConcurrentHashMap<>();
    public final List<String> duplicates = java.util.Collections.synchronizedList(new ArrayList<>());

    public void add(MessageExt m) {
        String body = Ctx.str(m.getBody());
        if (byBody.putIfAbsent(body, m) != null) {
            duplicates.add(body);
        }
    }

    public void addAll(List<MessageExt> ms) {
        for (MessageExt m : ms) {
            add(m);
        }
    }

    public int size() {
        return byBody.size();
    }

    /** Waits until {@code n} distinct bodies arrived. */
    public void await(String what, int n, long seconds) throws InterruptedException {
        try {
            Ctx.waitFor(what, seconds, () -> byBody.size() >= n);
        } catch (Mismatch e) {
            throw new Mismatch(e.getMessage() + " (got " + byBody.size() + " of " + n + ")");
        }
    }

    public MessageExt get(String body) {
        MessageExt m = byBody.get(body);
        Mismatch.check(m != null, "message with body '%s' was not delivered", body);
        return m;
    }
}
