// QUERY_MESSAGE (12) by key within a time range, and VIEW_MESSAGE_BY_ID (33) by commit-log offset.
import { defineHeader } from './define-header';

export const QueryMessageRequestHeader = defineHeader('QueryMessageRequestHeader', {
  topic: { type: 'string', required: true },
  key: { type: 'string', required: true },
  maxNum: { type: 'int', required: true },
  beginTimestamp: { type: 'long', required: true },
  endTimestamp: { type: 'long', required: true },
});

export const QueryMessageResponseHeader = defineHeader('QueryMessageResponseHeader', {
  indexLastUpdateTimestamp: { type: 'long', required: true },
  indexLastUpdatePhyoffset: { type: 'long', required: true },
});

export const ViewMessageRequestHeader = defineHeader('ViewMessageRequestHeader', {
  offset: { type: 'long', required: true },
});
