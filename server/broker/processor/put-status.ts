/** Store put status → response code and remark, as RocketMQ's send processors answer. */
import { ResponseCode } from '../../remoting/response-code';
import { PutMessageStatus } from '../../store/message-store';

export function putStatusToResponse(status: PutMessageStatus): { code: number; remark?: string } {
  switch (status) {
    case PutMessageStatus.PUT_OK:
      return { code: ResponseCode.SUCCESS };
    case PutMessageStatus.FLUSH_DISK_TIMEOUT:
      return { code: ResponseCode.FLUSH_DISK_TIMEOUT };
    case PutMessageStatus.FLUSH_SLAVE_TIMEOUT:
      return { code: ResponseCode.FLUSH_SLAVE_TIMEOUT };
    case PutMessageStatus.SLAVE_NOT_AVAILABLE:
      return { code: ResponseCode.SLAVE_NOT_AVAILABLE };
    case PutMessageStatus.CREATE_MAPEDFILE_FAILED:
      return { code: ResponseCode.SYSTEM_ERROR, remark: 'create mapped file failed, server is busy or broken.' };
    case PutMessageStatus.MESSAGE_ILLEGAL:
    case PutMessageStatus.PROPERTIES_SIZE_EXCEEDED:
      return { code: ResponseCode.MESSAGE_ILLEGAL, remark: 'the message is illegal, maybe msg body or properties length not matched. msg body length limit 4 MiB, msg properties length limit 32767 bytes.' };
    case PutMessageStatus.SERVICE_NOT_AVAILABLE:
      return {
        code: ResponseCode.SERVICE_NOT_AVAILABLE,
        remark: "service not available now. It may be caused by one of the following reasons: the broker's disk is full, messages are put to the slave, message store has been shut down, etc.",
      };
    case PutMessageStatus.OS_PAGECACHE_BUSY:
      return { code: ResponseCode.SYSTEM_ERROR, remark: '[PC_SYNCHRONIZED]broker busy, start flow control for a while' };
    default:
      return { code: ResponseCode.SYSTEM_ERROR, remark: 'UNKNOWN_ERROR' };
  }
}
