/** The name server list the console talks to (`GET/PUT /api/settings/namesrv`). */
export interface NamesrvSettingDto {
  /** RocketMQ form: `host:port[;host:port…]`. */
  namesrvAddr: string;
  addrs: string[];
  /**
   * Where the value in force came from: the embedded cluster started with the console, the start-up
   * environment (`--namesrv` / ORBIT_NAMESRV), the saved console settings, or the built-in default.
   * A value saved from the UI applies at once; an embedded or start-up value takes over again at the next start.
   */
  source: 'embedded' | 'env' | 'saved' | 'default';
}
