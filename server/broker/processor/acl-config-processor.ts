/**
 * Plain ACL administration (Apache 4.9.x AdminBrokerProcessor): UPDATE_AND_CREATE_ACL_CONFIG (50),
 * DELETE_ACL_CONFIG (51), GET_BROKER_CLUSTER_ACL_INFO (52), UPDATE_GLOBAL_WHITE_ADDRS_CONFIG (53) and
 * GET_BROKER_CLUSTER_ACL_CONFIG (54). Edits go to the ACL files (atomically) and the guard reloads at once.
 *
 * With ACL off Apache has no validator and fails: 50/51/53 with their *_FAILED code, 52/54 with no answer
 * at all (the caller times out). Orbit answers the same failure codes, and SYSTEM_ERROR for 52/54.
 */
import type { RemotingChannel } from '../../remoting/remoting-channel';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import type { RequestProcessor } from '../../remoting/processor-table';
import { encodeAclConfigBody } from '../../remoting/body/admin-debug';
import {
  CreateAccessConfigRequestHeader,
  DeleteAccessConfigRequestHeader,
  GetBrokerAclConfigResponseHeader,
  UpdateGlobalWhiteAddrsConfigRequestHeader,
} from '../../remoting/header/acl-config';
import { stringifyJavaJson } from '../../remoting/fastjson';
import { AclConfigEditor, javaSplit } from '../acl/acl-config-editor';
import type { AclGuard } from '../acl/acl-guard';
import type { BrokerContext } from '../broker-context';

export const ACL_CONFIG_CODES = [
  RequestCode.UPDATE_AND_CREATE_ACL_CONFIG,
  RequestCode.DELETE_ACL_CONFIG,
  RequestCode.GET_BROKER_CLUSTER_ACL_INFO,
  RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG,
  RequestCode.GET_BROKER_CLUSTER_ACL_CONFIG,
] as const;

const ACL_OFF = 'ACL is not enabled on this broker (aclEnable=false)';

export class AclConfigProcessor implements RequestProcessor {
  private readonly editor: AclConfigEditor | undefined;
  /** Apache's handlers are synchronized: one edit at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: BrokerContext,
    private readonly guard: AclGuard | undefined,
  ) {
    this.editor = guard ? new AclConfigEditor(guard.options) : undefined;
  }

  handle(req: RemotingCommand, channel: RemotingChannel): Promise<RemotingCommand> {
    const run = this.queue.then(() => this.process(req, channel));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async process(req: RemotingCommand, channel: RemotingChannel): Promise<RemotingCommand> {
    const fail = (code: number, remark: string) => RemotingCommand.responseTo(req, code, remark);
    const ok = (ext?: Record<string, string>, body?: Buffer) => RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, ext, body);
    const editor = this.editor;
    const log = this.ctx.log;
    switch (req.code) {
      case RequestCode.UPDATE_AND_CREATE_ACL_CONFIG: {
        const h = CreateAccessConfigRequestHeader.decode(req.extFields);
        if (!editor) return fail(ResponseCode.UPDATE_AND_CREATE_ACL_CONFIG_FAILED, ACL_OFF);
        try {
          editor.updateAccessConfig({
            accessKey: h.accessKey,
            secretKey: h.secretKey,
            whiteRemoteAddress: h.whiteRemoteAddress,
            admin: h.admin ?? false,
            defaultTopicPerm: h.defaultTopicPerm,
            defaultGroupPerm: h.defaultGroupPerm,
            topicPerms: javaSplit(h.topicPerms),
            groupPerms: javaSplit(h.groupPerms),
          });
        } catch (err) {
          log.warn({ err: (err as Error).message, accessKey: h.accessKey }, 'ACL account update refused');
          return fail(ResponseCode.UPDATE_AND_CREATE_ACL_CONFIG_FAILED, (err as Error).message);
        }
        this.reload();
        log.info({ accessKey: h.accessKey, remote: channel.remoteAddr }, 'ACL account created or updated');
        return ok();
      }
      case RequestCode.DELETE_ACL_CONFIG: {
        const h = DeleteAccessConfigRequestHeader.decode(req.extFields);
        if (!editor) return fail(ResponseCode.DELETE_ACL_CONFIG_FAILED, ACL_OFF);
        let deleted: boolean;
        try {
          deleted = editor.deleteAccessConfig(h.accessKey);
        } catch (err) {
          return fail(ResponseCode.DELETE_ACL_CONFIG_FAILED, (err as Error).message);
        }
        if (!deleted) return fail(ResponseCode.DELETE_ACL_CONFIG_FAILED, `The accesskey[${h.accessKey}] corresponding to accessConfig has been deleted failed.`);
        this.reload();
        log.info({ accessKey: h.accessKey, remote: channel.remoteAddr }, 'ACL account deleted');
        return ok();
      }
      case RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG: {
        const h = UpdateGlobalWhiteAddrsConfigRequestHeader.decode(req.extFields);
        if (!editor) return fail(ResponseCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED, ACL_OFF);
        let updated: boolean;
        try {
          updated = editor.updateGlobalWhiteAddrs(javaSplit(h.globalWhiteAddrs), h.aclFileFullPath);
        } catch (err) {
          return fail(ResponseCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED, (err as Error).message);
        }
        if (!updated) {
          return fail(ResponseCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED, `The globalWhiteAddresses[${h.globalWhiteAddrs}] has been updated failed.`);
        }
        this.reload();
        log.info({ file: h.aclFileFullPath || editor.mainFile, remote: channel.remoteAddr }, 'ACL global white addresses updated');
        return ok();
      }
      case RequestCode.GET_BROKER_CLUSTER_ACL_INFO: {
        if (!editor) return fail(ResponseCode.SYSTEM_ERROR, ACL_OFF);
        const v = editor.versions();
        return ok(
          GetBrokerAclConfigResponseHeader.encode({
            version: stringifyJavaJson(v.main),
            allAclFileVersion: stringifyJavaJson(v.all),
            brokerName: this.ctx.config.brokerName,
            brokerAddr: this.ctx.brokerAddr,
            clusterName: this.ctx.config.brokerClusterName,
          }),
        );
      }
      default: {
        // GET_BROKER_CLUSTER_ACL_CONFIG
        if (!editor) return fail(ResponseCode.SYSTEM_ERROR, ACL_OFF);
        return ok(undefined, encodeAclConfigBody(editor.allAclConfig()));
      }
    }
  }

  private reload(): void {
    this.guard?.reload();
  }
}
