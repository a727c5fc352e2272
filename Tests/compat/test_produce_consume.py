"""Real clients against `kafkit server`: produce with each codec and idempotence, consume back
exactly; kcat, kafka-python and aiokafka producers; kill -9 mid-stream loses no acknowledged record."""
import asyncio
import signal
import subprocess
import threading
import time
import uuid

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic



def create_topic(bootstrap, name, partitions=1, config=None):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    futures = admin.create_topics([NewTopic(name, num_partitions=partitions, replication_factor=1, config=config or {})])
    futures[name].result(timeout=30)


def consume_all(bootstrap, topic, expected, partition=0, timeout=30):
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": "kafkit-compat-" + uuid.uuid4().hex,
        "enable.auto.commit": False,
        "enable.partition.eof": True,
    })
    consumer.assign([TopicPartition(topic, partition, -2)])
    messages = []
    deadline = time.time() + timeout
    try:
        while len(messages) < expected and time.time() < deadline:
            message = consumer.poll(1.0)
            if message is None:
                continue
            if message.error():
                continue
            messages.append(message)
    finally:
        consumer.close()
    return messages


@pytest.mark.parametrize("codec", ["none", "gzip", "snappy", "lz4", "zstd"])
def test_confluent_idempotent_producer_each_codec(broker, codec):
    topic = "codec-" + codec
    create_topic(broker.bootstrap, topic)
    producer = Producer({
        "bootstrap.servers": broker.bootstrap,
        "enable.idempotence": True,
        "compression.type": codec,
        "linger.ms": 5,
    })
    sent = []
    base = int(time.time() * 1000) - 60_000
    for i in range(300):
        key = ("key-%d" % (i % 7)).encode()
        value = ("value-%d-" % i).encode() * (1 + i % 5)
        headers = [("index", str(i).encode()), ("codec", codec.encode())]
        producer.produce(topic, key=key, value=value, headers=headers, timestamp=base + i, partition=0)
        sent.append((key, value, headers, base + i))
    assert producer.flush(30) == 0

    messages = consume_all(broker.bootstrap, topic, len(sent))
    assert len(messages) == len(sent)
    for offset, (message, (key, value, headers, timestamp)) in enumerate(zip(messages, sent)):
        assert message.offset() == offset
        assert message.key() == key
        assert message.value() == value
        assert message.headers() == headers
        assert message.timestamp() == (1, timestamp)  # TIMESTAMP_CREATE_TIME


def test_kcat_produce_with_keys_and_headers(broker):
    topic = "kcat-topic"
    create_topic(broker.bootstrap, topic)
    lines = "".join("k%d:v%d\n" % (i, i) for i in range(20))
    subprocess.run(["kcat", "-b", broker.bootstrap, "-P", "-t", topic, "-p", "0", "-K:", "-H", "h1=x", "-H", "h2=y"],
                   input=lines.encode(), check=True, timeout=60)
    out = subprocess.run(["kcat", "-b", broker.bootstrap, "-C", "-t", topic, "-p", "0", "-o", "beginning", "-e",
                          "-f", "%o|%k|%s|%h\n"], capture_output=True, check=True, timeout=60).stdout.decode()
    rows = [line for line in out.splitlines() if line]
    assert rows == ["%d|k%d|v%d|h1=x,h2=y" % (i, i, i) for i in range(20)]


def test_kafka_python_producer(broker):
    from kafka import KafkaProducer
    topic = "kafka-python-topic"
    create_topic(broker.bootstrap, topic)
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap, acks="all", compression_type="gzip")
    for i in range(50):
        producer.send(topic, key=b"k%d" % i, value=b"v%d" % i, partition=0, headers=[("n", b"%d" % i)])
    producer.flush(30)
    producer.close()
    messages = consume_all(broker.bootstrap, topic, 50)
    assert [(m.key(), m.value(), m.headers()) for m in messages] == \
        [(b"k%d" % i, b"v%d" % i, [("n", b"%d" % i)]) for i in range(50)]


def test_aiokafka_producer(broker):
    from aiokafka import AIOKafkaProducer
    topic = "aiokafka-topic"
    create_topic(broker.bootstrap, topic)

    async def produce():
        producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, enable_idempotence=True)
        await producer.start()
        try:
            for i in range(50):
                await producer.send_and_wait(topic, key=b"k%d" % i, value=b"v%d" % i, partition=0)
        finally:
            await producer.stop()

    asyncio.run(produce())
    messages = consume_all(broker.bootstrap, topic, 50)
    assert [(m.offset(), m.key(), m.value()) for m in messages] == [(i, b"k%d" % i, b"v%d" % i) for i in range(50)]


def test_kill9_mid_stream_keeps_every_acknowledged_record(broker_factory):
    broker = broker_factory()
    topic = "crash-topic"
    create_topic(broker.bootstrap, topic)
    acknowledged = {}
    lock = threading.Lock()

    def on_delivery(error, message):
        if error is None:
            with lock:
                acknowledged[message.offset()] = message.value()

    producer = Producer({
        "bootstrap.servers": broker.bootstrap,
        "acks": "all",
        "linger.ms": 1,
        "message.timeout.ms": 5000,
        "enable.idempotence": True,
    })
    stop = time.time() + 2.0
    i = 0
    killed = False
    while time.time() < stop + 3:
        if not killed and time.time() >= stop:
            broker.process.send_signal(signal.SIGKILL)
            broker.process.wait()
            killed = True
        if not killed:
            producer.produce(topic, value=b"record-%08d" % i, partition=0, on_delivery=on_delivery)
            i += 1
        producer.poll(0)
        if not killed and i % 100 == 0:
            time.sleep(0.01)
    producer.flush(10)
    assert killed and len(acknowledged) > 100

    broker = broker_factory()
    with lock:
        acked = dict(acknowledged)
    last = max(acked)
    messages = consume_all(broker.bootstrap, topic, last + 1, timeout=60)
    print("acknowledged %d records before kill -9, %d read back" % (len(acked), len(messages)))
    by_offset = {m.offset(): m.value() for m in messages}
    for offset, value in acked.items():
        assert by_offset.get(offset) == value
    # Offsets are dense and values in send order: nothing torn, nothing reordered.
    values = [m.value() for m in sorted(messages, key=lambda m: m.offset())]
    assert [m.offset() for m in sorted(messages, key=lambda m: m.offset())] == list(range(len(messages)))
    assert values == sorted(values)


def test_kafka_python_and_aiokafka_consumers_read_back(broker):
    from kafka import KafkaConsumer
    from kafka import TopicPartition as KTopicPartition
    from aiokafka import AIOKafkaConsumer
    from aiokafka.structs import TopicPartition as ATopicPartition
    topic = "python-consumers"
    create_topic(broker.bootstrap, topic)
    producer = Producer({"bootstrap.servers": broker.bootstrap, "compression.type": "lz4", "linger.ms": 5})
    for i in range(120):
        producer.produce(topic, key=b"k%d" % i, value=b"v%d" % i, partition=0, headers=[("i", b"%d" % i)])
    assert producer.flush(30) == 0
    expected = [(i, b"k%d" % i, b"v%d" % i) for i in range(120)]

    consumer = KafkaConsumer(bootstrap_servers=broker.bootstrap, group_id=None, enable_auto_commit=False,
                             consumer_timeout_ms=5000)
    partition = KTopicPartition(topic, 0)
    consumer.assign([partition])
    consumer.seek_to_beginning(partition)
    got = []
    for record in consumer:
        got.append((record.offset, record.key, record.value))
        if len(got) == len(expected):
            break
    consumer.close()
    assert got == expected

    async def consume():
        consumer = AIOKafkaConsumer(bootstrap_servers=broker.bootstrap, group_id=None, enable_auto_commit=False,
                                    isolation_level="read_committed")
        await consumer.start()
        try:
            tp = ATopicPartition(topic, 0)
            consumer.assign([tp])
            await consumer.seek_to_beginning(tp)
            records = []
            while len(records) < len(expected):
                batch = await asyncio.wait_for(consumer.getmany(tp, timeout_ms=1000), 30)
                for message in batch.get(tp, []):
                    records.append((message.offset, message.key, message.value))
            return records
        finally:
            await consumer.stop()

    assert asyncio.run(consume()) == expected
