/**
 * Message trace against Apache RocketMQ 4.9.7 (run by interop/console-apache.interop.test.ts, whose broker runs with
 * traceTopicEnable=true): the Java client (rocketmq-client 4.9.2, scenario `msgTrace` of interop/java) sends and
 * consumes a message with enableMsgTrace=true; the console's trace view shows the Java producer, the store and the
 * consuming client, from the message detail's Trace tab.
 */
import { expect, test } from '@playwright/test';
import { startJavaScenarios, type JavaRun } from '../interop/support/java-runner';
import { MessageTracePage } from './pages/message-trace-page';
import { MessagesPage } from './pages/messages-page';

const namesrvAddr = process.env.ORBIT_E2E_APACHE_NAMESRV;
if (!namesrvAddr) throw new Error('ORBIT_E2E_APACHE_NAMESRV is not set: run this spec through interop/console-apache.interop.test.ts');

test.describe('message trace against Apache', () => {
  let run: JavaRun | undefined;
  test.afterAll(async () => {
    await run?.stop();
  });

  test('a Java producer and consumer with enableMsgTrace show in the Trace tab', async ({ page }) => {
    run = await startJavaScenarios(namesrvAddr, ['msgTrace'], { waitSeconds: 20 });
    const outcome = await run.result('msgTrace');
    expect(outcome.ok, outcome.detail).toBe(true);
    const m = /^MSGTRACE (\S+) (\S+) (\S+) (\S+)$/m.exec(run.output());
    expect(m, run.output()).not.toBeNull();
    const [, msgId, topic, producerGroup, consumerGroup] = m!;

    const messages = new MessagesPage(page);
    await messages.open();
    await messages.byId(msgId, topic);
    await expect(messages.detail).toBeVisible();
    const trace = new MessageTracePage(page);
    await trace.openTab();
    await expect(trace.producerGroup).toHaveText(producerGroup);
    await expect(trace.producerHost).not.toHaveText('—');
    await expect(trace.stored).toContainText('@ offset 0');
    const row = trace.group(consumerGroup);
    await expect(row.getByTestId('trace-delivery-status')).toHaveText('success');
    await expect(row.getByTestId('trace-delivery-host')).not.toBeEmpty();
    await expect(row.getByTestId('trace-group-consumed')).toHaveText('consumed');
    for (const kind of ['sent', 'stored', 'consumeStart', 'consumeEnd'] as const) await expect(trace.event(kind)).toHaveCount(1);
    await trace.screenshot('apache-message-trace');
  });
});
