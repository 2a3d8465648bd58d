/** MQVersion.Version ordinals that matter on the wire. */
export const MQVersion = {
  V3_0_7_SNAPSHOT: 28,
  V3_0_11: 37,
  V3_1_8_SNAPSHOT: 62,
  V3_4_9: 121,
  V4_1_0_SNAPSHOT: 232,
  V4_9_0: 393,
  V4_9_2: 397,
  V4_9_7: 407,
} as const;

/**
 * The version Orbit puts in every command. Java clients record the broker's version from HEART_BEAT replies and
 * refuse SQL92 subscriptions to brokers older than 4.1.0, so we speak as a 4.9.2 peer.
 */
export const ORBIT_WIRE_VERSION = MQVersion.V4_9_2;
