/**
 * Message bodies in the console: JSON pretty-printed, binary bytes never garbled, large bodies truncated in
 * the page with the whole body as a download. Messages are sent over the wire with the admin client, to the
 * embedded cluster (e2e/message-bodies.spec.ts) or Apache RocketMQ (e2e/apache-bodies.spec.ts).
 */
import { expect, test } from '@playwright/test';
import { MessageBodyPanel } from '../pages/message-body-panel';
import { ClusterFixture } from './cluster-fixture';

export function defineMessageBodyTests(namesrvAddr: string): void {
  const topic = `Bodies_${Date.now().toString(36)}`;
  const json = { order: 42, items: [{ sku: 'A-1', qty: 2 }], note: 'grüße' };
  const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const large = Buffer.alloc(200 * 1024, 0);
  for (let i = 0; i < large.length; i++) large[i] = 0x61 + (i % 26);

  let fixture: ClusterFixture;
  const sent: Record<'json' | 'binary' | 'large', { msgId: string; offsetMsgId: string }> = {} as never;

  test.describe.configure({ mode: 'serial' });

  test.beforeAll(async () => {
    fixture = new ClusterFixture(namesrvAddr);
    await fixture.createTopic(topic, 1);
    sent.json = await fixture.admin.sendMessage({ topic, body: JSON.stringify(json) });
    sent.binary = await fixture.admin.sendMessage({ topic, body: binary });
    sent.large = await fixture.admin.sendMessage({ topic, body: large });
  });

  test.afterAll(async () => {
    await fixture?.close();
  });

  test('a JSON body opens pretty-printed; text, hex and base64 views show the same bytes', async ({ page }) => {
    const body = new MessageBodyPanel(page);
    await body.open(sent.json.offsetMsgId, topic);
    await expect(body.kind).toHaveText('JSON');
    await expect(body.text).toHaveAttribute('data-view', 'json');
    await expect(body.text).toHaveText(JSON.stringify(json, null, 2));
    await body.show('text');
    await expect(body.text).toHaveText(JSON.stringify(json));
    await body.show('base64');
    expect((await body.text.textContent())!.replace(/\s+/g, '')).toBe(Buffer.from(JSON.stringify(json)).toString('base64'));
    await body.show('hex');
    await expect(body.text).toContainText('00000000  7b 22 6f 72 64 65 72 22');
    await expect(body.truncated).toHaveCount(0);
    const file = await body.downloaded();
    expect(file.name).toBe(`${sent.json.msgId}.json`);
    expect(file.bytes.equals(Buffer.from(JSON.stringify(json)))).toBe(true);
  });

  test('a binary body (bytes 0x00-0xff) opens in hex, round-trips exactly in base64 and the download', async ({ page }) => {
    const body = new MessageBodyPanel(page);
    await body.open(sent.binary.offsetMsgId, topic);
    await expect(body.kind).toHaveText('binary');
    await expect(body.text).toHaveAttribute('data-view', 'hex');
    await expect(body.text).toContainText('00000000  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f  ................');
    await expect(body.text).toContainText('000000f0  f0 f1 f2 f3 f4 f5 f6 f7 f8 f9 fa fb fc fd fe ff  ................');
    await expect(body.view('json')).toBeDisabled();
    await body.show('base64');
    const shown = (await body.text.textContent())!.replace(/\s+/g, '');
    expect(Buffer.from(shown, 'base64').equals(binary)).toBe(true);
    const file = await body.downloaded();
    expect(file.name).toBe(`${sent.binary.msgId}.bin`);
    expect(file.bytes.equals(binary)).toBe(true);
  });

  test('a 200 KiB body is shown truncated to 64 KiB; the download has every byte', async ({ page }) => {
    const body = new MessageBodyPanel(page);
    await body.open(sent.large.offsetMsgId, topic);
    await expect(body.kind).toHaveText('UTF-8 text');
    await expect(body.truncated).toHaveText('Showing the first 64.0 KiB of 200.0 KiB; download for the whole body.');
    await expect(page.getByTestId('message-body-size')).toHaveText('204,800 bytes');
    expect((await body.text.textContent())!.length).toBe(64 * 1024);
    const file = await body.downloaded();
    expect(file.bytes.length).toBe(large.length);
    expect(file.bytes.equals(large)).toBe(true);

    const api = await page.request.get(`/api/messages/body?id=${sent.large.offsetMsgId}&topic=${topic}`);
    expect(api.headers()['content-type']).toBe('application/octet-stream');
    expect(api.headers()['content-disposition']).toBe(`attachment; filename="${sent.large.msgId}.txt"`);
  });
}
