/** PermName bits. */
export const PERM_PRIORITY = 0x8;
export const PERM_READ = 0x4;
export const PERM_WRITE = 0x2;
export const PERM_INHERIT = 0x1;

export const isReadable = (perm: number) => (perm & PERM_READ) === PERM_READ;
export const isWriteable = (perm: number) => (perm & PERM_WRITE) === PERM_WRITE;
export const isInherited = (perm: number) => (perm & PERM_INHERIT) === PERM_INHERIT;

export function perm2String(perm: number): string {
  return `${isReadable(perm) ? 'R' : '-'}${isWriteable(perm) ? 'W' : '-'}${isInherited(perm) ? 'X' : '-'}`;
}
