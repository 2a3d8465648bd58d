import { namesrvSettingInputSchema } from '@/lib/schemas/namesrv';
import { getNamesrvSetting, parseJsonBody, setNamesrvSetting } from '@/server/console';
import { handle } from '../../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/settings/namesrv → NamesrvSettingDto */
export const GET = handle(() => getNamesrvSetting());

/** PUT /api/settings/namesrv { namesrvAddr: "host:port[;host:port]" } → NamesrvSettingDto */
export const PUT = handle(async (request) => {
  const input = await parseJsonBody(request, namesrvSettingInputSchema);
  return setNamesrvSetting(input.namesrvAddr);
});
