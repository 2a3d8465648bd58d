// A CommonJS user of the installed orbit-mq-client: `require` finds the CommonJS build of both entry points.
const sdk = require('orbit-mq-client');
const { AdminClient } = require('orbit-mq-client/admin');
const err = new sdk.AbortError();
console.log(
  JSON.stringify({
    classes: ['Producer', 'TransactionProducer', 'PushConsumer', 'PullConsumer', 'LitePullConsumer'].filter((n) => typeof sdk[n] === 'function'),
    admin: typeof AdminClient,
    abortIsMqError: err instanceof sdk.MqError,
    code: err.code,
  }),
);
