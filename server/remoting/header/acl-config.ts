// Plain ACL editing (4.9.x): UPDATE_AND_CREATE_ACL_CONFIG (50), DELETE_ACL_CONFIG (51),
// GET_BROKER_CLUSTER_ACL_INFO (52, response header), UPDATE_GLOBAL_WHITE_ADDRS_CONFIG (53).
import { defineHeader } from './define-header';

/** `topicPerms`/`groupPerms` are comma lists ("topicA=DENY,topicB=PUB|SUB"). */
export const CreateAccessConfigRequestHeader = defineHeader('CreateAccessConfigRequestHeader', {
  accessKey: { type: 'string', required: true },
  secretKey: { type: 'string' },
  whiteRemoteAddress: { type: 'string' },
  admin: { type: 'boolean' },
  defaultTopicPerm: { type: 'string' },
  defaultGroupPerm: { type: 'string' },
  topicPerms: { type: 'string' },
  groupPerms: { type: 'string' },
});

export const DeleteAccessConfigRequestHeader = defineHeader('DeleteAccessConfigRequestHeader', {
  accessKey: { type: 'string', required: true },
});

/** `globalWhiteAddrs` is a comma list; an empty `aclFileFullPath` means the main ACL file. */
export const UpdateGlobalWhiteAddrsConfigRequestHeader = defineHeader('UpdateGlobalWhiteAddrsConfigRequestHeader', {
  globalWhiteAddrs: { type: 'string', required: true },
  aclFileFullPath: { type: 'string', required: true },
});

/** `version`: the main file's DataVersion JSON; `allAclFileVersion`: JSON of file path → DataVersion. */
export const GetBrokerAclConfigResponseHeader = defineHeader('GetBrokerAclConfigResponseHeader', {
  version: { type: 'string', required: true },
  allAclFileVersion: { type: 'string' },
  brokerName: { type: 'string', required: true },
  brokerAddr: { type: 'string', required: true },
  clusterName: { type: 'string', required: true },
});
