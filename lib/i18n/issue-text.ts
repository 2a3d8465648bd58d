/**
 * Validation messages in the console's language. The zod schemas in lib/schemas are shared with the API, so they
 * keep their English messages; the forms show them through this table, which names the catalogue key (under
 * `ui.validation`) of each message the schemas produce and the parts that vary. A message not listed here (zod's
 * own defaults, server errors) is shown as it came.
 */
import { useTranslations } from 'next-intl';
import { useCallback } from 'react';

type Pattern = [RegExp, key: string, names?: string[]];

const PATTERNS: Pattern[] = [
  [/^enter a name$/, 'enterName'],
  [/^enter a group name$/, 'enterGroupName'],
  [/^enter a broker name$/, 'enterBrokerName'],
  [/^enter an http\(s\) URL$/, 'enterHttpUrl'],
  [/^enter a threshold above 0$/, 'thresholdAboveZero'],
  [/^pick at least one status$/, 'pickStatus'],
  [/^at least (\d+)$/, 'atLeast', ['min']],
  [/^at most (\d+) characters$/, 'atMostChars', ['max']],
  [/^a whole number of seconds$/, 'wholeSeconds'],
  [/^at most a week$/, 'atMostWeek'],
  [/^only letters, digits, %, \|, _ and - are allowed$/, 'nameChars'],
  [/^only letters, digits, \., %, \|, _ and - are allowed$/, 'brokerNameChars'],
  [/^address list is too long$/, 'addrListTooLong'],
  [/^enter at least one name server as host:port$/, 'enterNamesrv'],
  [/^"(.+)": separate addresses with ";", not ","$/, 'addrComma', ['addr']],
  [/^"(.+)" contains spaces$/, 'addrSpaces', ['addr']],
  [/^"(.+)" is not host:port$/, 'addrNotHostPort', ['addr']],
  [/^"(.+)" has a bad port$/, 'addrBadPort', ['addr']],
  [/^"(.+)": port must be 1–65535$/, 'addrPortRange', ['addr']],
  [/^"(.+)": write IPv6 hosts in brackets, e\.g\. \[::1\]:9876$/, 'addrIpv6', ['addr']],
  [/^"(.+)" has a bad host name$/, 'addrBadHost', ['addr']],
  [/^enter a topic name$/, 'enterTopicName'],
  [/^enter a key$/, 'enterKey'],
  [/^enter your user name$/, 'enterUserName'],
  [/^enter your password$/, 'enterPassword'],
  [/^a whole number$/, 'wholeNumber'],
  [/^at most (\d+)$/, 'atMost', ['max']],
  [/^at most 4 MiB$/, 'atMost4MiB'],
  [/^at least (\d+) ms$/, 'atLeastMs', ['min']],
  [/^at most an hour$/, 'atMostHour'],
  [/^at least (\d+) message\/s$/, 'atLeastRate', ['min']],
  [/^at most (\d+) messages\/s$/, 'atMostRate', ['max']],
  [/^perm is 2 \(write\), 4 \(read\) or 6 \(read\/write\)$/, 'permValues'],
  [/^the start must not be after the end$/, 'startAfterEnd'],
  [/^not a time$/, 'notATime'],
  [/^a message id is 32 \(or 56\) hex characters$/, 'messageIdHex'],
  [/^not a message id$/, 'notMessageId'],
  [/^choose the group to re-deliver to$/, 'chooseReplayGroup'],
  [/^choose the topic to copy to$/, 'chooseCopyTopic'],
  [/^copy to another topic than the source$/, 'copyOtherTopic'],
  [/^give either a signature or a selection of ids$/, 'signatureOrIds'],
  [/^not a rule id$/, 'notRuleId'],
];

/** The catalogue key and values of a known validation message, else null. */
export function issueKey(message: string): { key: string; values: Record<string, string> } | null {
  for (const [re, key, names = []] of PATTERNS) {
    const m = re.exec(message);
    if (m) return { key, values: Object.fromEntries(names.map((n, i) => [n, m[i + 1]])) };
  }
  return null;
}

/** `(message) => text` in the current language; null and undefined pass through. */
export function useIssueText(): <T extends string | null | undefined>(message: T) => T | string {
  const t = useTranslations('ui.validation');
  return useCallback(
    <T extends string | null | undefined>(message: T): T | string => {
      const known = message ? issueKey(message) : null;
      return known ? t(known.key, known.values) : message;
    },
    [t],
  );
}
