/**
 * Message trace on the embedded cluster (which runs with traceTopicEnable): a message sent by a producer with
 * enableMsgTrace and consumed by a traced push consumer shows producer → store → the consuming client in the
 * detail's Trace tab; an untraced message shows what the broker knows (where it is stored, which subscribed group
 * has consumed it by offset, its DLQ copy) on the plain-link trace page, and the DLQ copy's Trace tab the original's.
 */
import { expect, test } from '@playwright/test';
import { sendTracedAndConsume } from './support/traced-flow';
import { logger } from '../server/common/logger';
import { DlqPage } from './pages/dlq-page';
import { MessageTracePage } from './pages/message-trace-page';
import { MessagesPage } from './pages/messages-page';
import { ClusterFixture } from './support/cluster-fixture';

const namesrvPort = Number(process.env.ORBIT_E2E_PORTS!.split(',')[1]);
const namesrvAddr = `127.0.0.1:${namesrvPort}`;
const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;

test.describe('message trace', () => {
  test.describe.configure({ timeout: 60_000 });
  let fixture: ClusterFixture;
  const closers: (() => Promise<unknown>)[] = [];

  test.beforeAll(async () => {
    if (!process.env.ORBIT_LOG_LEVEL) logger.level = 'warn';
    fixture = new ClusterFixture(namesrvAddr);
  });

  test.afterAll(async () => {
    for (const c of closers.reverse()) await c().catch(() => {});
    await fixture?.close();
  });

  test('a traced send and consume show producer, store and the consuming client in the Trace tab', async ({ page }) => {
    const topic = unique('E2E_Trace');
    const group = unique('e2e_trace_cg');
    const producerGroup = unique('e2e_trace_pg');
    await fixture.createTopic(topic, 2);
    const sent = await sendTracedAndConsume(namesrvAddr, { topic, group, producerGroup, body: 'traced', tags: 'e2e', keys: 'trace-1' }, closers);

    const messages = new MessagesPage(page);
    await messages.open();
    await messages.byId(sent.msgId, topic);
    await expect(messages.detail).toBeVisible();
    const trace = new MessageTracePage(page);
    await trace.openTab();
    // Records reach the trace topic within a second (the dispatcher batches); the view refreshes on its own.
    await expect(trace.producerGroup).toHaveText(producerGroup);
    await expect(trace.producerHost).not.toHaveText('—');
    await expect(trace.stored).toContainText(`queue ${sent.messageQueue.queueId} @ offset ${sent.queueOffset}`);
    const row = trace.group(group);
    await expect(row.getByTestId('trace-delivery-status')).toHaveText('success');
    await expect(row.getByTestId('trace-delivery-host')).not.toBeEmpty();
    await expect(row.getByTestId('trace-group-consumed')).toHaveText('consumed');
    for (const kind of ['sent', 'stored', 'consumeStart', 'consumeEnd'] as const) await expect(trace.event(kind)).toHaveCount(1);
    await trace.screenshot('message-trace');

    // The same view by a plain link.
    await page.getByTestId('message-trace-link').click();
    await expect(trace.heading).toHaveText('Message trace');
    await expect(trace.producerGroup).toHaveText(producerGroup);
  });

  test('without trace records the page shows the store, each subscribed group by offset and the DLQ copy', async ({ page }) => {
    const topic = unique('E2E_Track');
    const group = unique('e2e_track_cg');
    await fixture.createTopic(topic, 1);
    await fixture.registerLaggingGroup(group, topic, 1);
    const [sent] = await fixture.deadLetter(group, topic, 1);

    const trace = new MessageTracePage(page);
    await trace.open(sent.msgId, topic);
    await expect(trace.none).toBeVisible();
    await expect(trace.producerGroup).toHaveText('—');
    await expect(trace.stored).toContainText('queue 0 @ offset 0');
    const row = trace.group(group);
    await expect(row.getByTestId('trace-group-consumed')).toHaveText('not yet');
    await expect(row.getByTestId('trace-group-dlq')).toHaveText(`%DLQ%${group}`);
    await expect(trace.event('dlq')).toHaveCount(1);

    // The DLQ copy's Trace tab shows the original message: its topic's queue, its group, the same DLQ copy.
    const dlq = new DlqPage(page);
    await dlq.open();
    await page.getByTestId('list-search').fill(group);
    await dlq.browse(group);
    const makeReadable = page.getByTestId('dlq-make-readable');
    await expect(dlq.messages.first().or(makeReadable)).toBeVisible();
    if (await makeReadable.isVisible()) await makeReadable.click();
    await dlq.messages.first().getByTestId('message-open').click();
    await trace.openTab();
    await expect(trace.stored).toContainText('queue 0 @ offset 0');
    await expect(trace.group(group).getByTestId('trace-group-dlq')).toHaveText(`%DLQ%${group}`);
  });
});
