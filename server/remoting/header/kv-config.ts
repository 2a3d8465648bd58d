// PUT_KV_CONFIG (100), GET_KV_CONFIG (101), DELETE_KV_CONFIG (102), GET_KVLIST_BY_NAMESPACE (219).
import { defineHeader } from './define-header';

export const PutKVConfigRequestHeader = defineHeader('PutKVConfigRequestHeader', {
  namespace: { type: 'string', required: true },
  key: { type: 'string', required: true },
  value: { type: 'string', required: true },
});

export const GetKVConfigRequestHeader = defineHeader('GetKVConfigRequestHeader', {
  namespace: { type: 'string', required: true },
  key: { type: 'string', required: true },
});

export const GetKVConfigResponseHeader = defineHeader('GetKVConfigResponseHeader', {
  value: { type: 'string' },
});

export const DeleteKVConfigRequestHeader = defineHeader('DeleteKVConfigRequestHeader', {
  namespace: { type: 'string', required: true },
  key: { type: 'string', required: true },
});

export const GetKVListByNamespaceRequestHeader = defineHeader('GetKVListByNamespaceRequestHeader', {
  namespace: { type: 'string', required: true },
});
