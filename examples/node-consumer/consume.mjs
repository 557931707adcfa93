// A consumer of outbox-cdc's events in another language, as another team would write it:
// amqplib reads the messages, the CloudEvents SDK (npm `cloudevents`) makes and validates the events.
//
//   node consume.mjs <amqp url> <exchange> <binding key> <count> [timeout seconds]
//
// Binds a queue of its own to the exchange, prints {"ready":true} once it consumes, then one line of
// JSON per event (its attributes and data) and exits after <count> events (status 2 on a timeout, 1
// on an invalid event). The JavaScript SDK has bindings for HTTP, Kafka and MQTT but none for AMQP,
// so fromAmqp() below is the CloudEvents AMQP binding's binary mode, as its spec words it: every
// application property (an AMQP 0-9-1 header) prefixed "cloudEvents:" is an attribute, the message's
// content-type is datacontenttype, the body is the data. The SDK then checks the event (strict mode).
import amqp from "amqplib";
import { CloudEvent } from "cloudevents";

const PREFIX = "cloudEvents:";

export function fromAmqp(message) {
  const attributes = {};
  for (const [name, value] of Object.entries(message.properties.headers ?? {})) {
    if (name.startsWith(PREFIX)) {
      attributes[name.slice(PREFIX.length)] = String(value);
    }
  }
  if (message.properties.contentType) {
    attributes.datacontenttype = message.properties.contentType;
  }
  const body = message.content.toString("utf8");
  const data = attributes.datacontenttype === "application/json" ? JSON.parse(body) : body;
  return new CloudEvent({ ...attributes, data }, true);
}

async function main([url, exchange, bindingKey, count, timeoutSeconds = "60"]) {
  const connection = await amqp.connect(url);
  const channel = await connection.createChannel();
  const { queue } = await channel.assertQueue("", { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, exchange, bindingKey);
  let seen = 0;
  const timer = setTimeout(() => {
    console.error(`timeout: ${seen} of ${count} events in ${timeoutSeconds} s`);
    process.exit(2);
  }, Number(timeoutSeconds) * 1000);
  await channel.consume(queue, async (message) => {
    let event;
    try {
      event = fromAmqp(message);
      event.validate();
    } catch (error) {
      console.log(JSON.stringify({ invalid: String(error), errors: error.errors ?? null, headers: message.properties.headers }));
      process.exit(1);
    }
    channel.ack(message);
    console.log(JSON.stringify({
      id: event.id,
      type: event.type,
      source: event.source,
      subject: event.subject,
      time: event.time,
      specversion: event.specversion,
      datacontenttype: event.datacontenttype,
      dataschema: event.dataschema,
      data: event.data,
    }));
    if (++seen === Number(count)) {
      clearTimeout(timer);
      await connection.close();
      process.exit(0);
    }
  });
  console.log(JSON.stringify({ ready: true }));
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(3);
});
