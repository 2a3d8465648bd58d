/** Java's String.hashCode over UTF-16 code units, wrapped to a signed 32-bit int: the ConsumeQueue tag code. */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** CQ tag code of a message: hash of its TAGS property, 0 when untagged. */
export function tagsCode(tags: string | undefined): number {
  return tags ? javaStringHashCode(tags) : 0;
}
