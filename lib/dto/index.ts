export type * from './api';
export type * from './cluster';
export type * from './settings';
export type * from './admin';
