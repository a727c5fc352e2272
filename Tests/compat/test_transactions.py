"""Transactions against `kafkit server` with real clients: confluent-kafka (librdkafka)
transactional producers that commit and abort, offsets sent to a transaction from a group
consumer, read_committed and read_uncommitted consumers, and kafka-python and aiokafka
transactional producers."""
import asyncio
import time
import uuid

import pytest
from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

# Fast first rebalance; a small transaction state topic keeps creation quick.
FAST = ["group.initial.rebalance.delay.ms=0"]


@pytest.fixture
def fast_broker(broker_factory):
    return broker_factory(FAST)


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:8])


def create_topic(bootstrap, name, partitions=1):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([NewTopic(name, num_partitions=partitions, replication_factor=1)])[name].result(timeout=30)


def read_all(bootstrap, topic, partitions, isolation, expected_count, deadline_s=60):
    """Every record of the topic's partitions from the beginning, per partition in order, once
    `expected_count` records arrived and every partition reached its end."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": unique("reader"), "enable.auto.commit": False,
                         "isolation.level": isolation, "enable.partition.eof": True})
    consumer.assign([TopicPartition(topic, p, 0) for p in range(partitions)])
    values = {p: [] for p in range(partitions)}
    at_end = set()
    deadline = time.time() + deadline_s
    try:
        while time.time() < deadline:
            message = consumer.poll(0.5)
            if message is None:
                continue
            if message.error():
                if message.error().code() == -191:  # _PARTITION_EOF
                    at_end.add(message.partition())
                    if len(at_end) == partitions and sum(map(len, values.values())) >= expected_count:
                        break
                    continue
                raise KafkaException(message.error())
            at_end.discard(message.partition())
            values[message.partition()].append(message.value().decode())
    finally:
        consumer.close()
    return values


def transactional_producer(bootstrap, transactional_id):
    producer = Producer({"bootstrap.servers": bootstrap, "transactional.id": transactional_id, "linger.ms": 5})
    producer.init_transactions(60)
    return producer


def test_confluent_commit_and_abort_with_read_committed_and_uncommitted(fast_broker):
    topic = unique("txn")
    create_topic(fast_broker.bootstrap, topic, partitions=2)
    producer = transactional_producer(fast_broker.bootstrap, unique("tx"))
    committed = {0: [], 1: []}
    everything = {0: [], 1: []}

    def send(tag, partition_counts):
        for partition, count in partition_counts.items():
            for i in range(count):
                value = "%s-%d-%d" % (tag, partition, i)
                producer.produce(topic, value=value.encode(), partition=partition)
                everything[partition].append(value)

    producer.begin_transaction()
    send("c1", {0: 3, 1: 2})
    producer.commit_transaction(60)
    for partition in (0, 1):
        committed[partition] = list(everything[partition])
    producer.begin_transaction()
    send("a1", {0: 2, 1: 1})
    # Abort purges what is still queued: flush so the aborted records reach the log.
    assert producer.flush(30) == 0
    producer.abort_transaction(60)
    producer.begin_transaction()
    send("c2", {0: 2})
    producer.commit_transaction(60)
    committed[0] += ["c2-0-0", "c2-0-1"]

    assert read_all(fast_broker.bootstrap, topic, 2, "read_committed", 7) == committed
    assert read_all(fast_broker.bootstrap, topic, 2, "read_uncommitted", 10) == everything


def test_confluent_open_transaction_blocks_read_committed(fast_broker):
    topic = unique("txn-open")
    create_topic(fast_broker.bootstrap, topic)
    producer = transactional_producer(fast_broker.bootstrap, unique("tx"))
    producer.begin_transaction()
    producer.produce(topic, value=b"open", partition=0)
    producer.flush(30)
    # read_uncommitted sees the open transaction's record; read_committed stops before it.
    assert read_all(fast_broker.bootstrap, topic, 1, "read_uncommitted", 1) == {0: ["open"]}
    assert read_all(fast_broker.bootstrap, topic, 1, "read_committed", 0, deadline_s=5) == {0: []}
    producer.commit_transaction(60)
    assert read_all(fast_broker.bootstrap, topic, 1, "read_committed", 1) == {0: ["open"]}


def test_confluent_send_offsets_to_transaction(fast_broker):
    source, sink = unique("txn-in"), unique("txn-out")
    create_topic(fast_broker.bootstrap, source)
    create_topic(fast_broker.bootstrap, sink)
    plain = Producer({"bootstrap.servers": fast_broker.bootstrap})
    for i in range(5):
        plain.produce(source, value=("in-%d" % i).encode(), partition=0)
    assert plain.flush(30) == 0

    group = unique("txn-group")
    consumer = Consumer({"bootstrap.servers": fast_broker.bootstrap, "group.id": group, "enable.auto.commit": False,
                         "auto.offset.reset": "earliest", "isolation.level": "read_committed"})
    consumer.subscribe([source])
    consumed = []
    deadline = time.time() + 60
    while len(consumed) < 5 and time.time() < deadline:
        message = consumer.poll(0.5)
        if message is None or message.error():
            continue
        consumed.append(message)
    assert [m.value() for m in consumed] == [("in-%d" % i).encode() for i in range(5)]

    producer = transactional_producer(fast_broker.bootstrap, unique("tx-offsets"))
    producer.begin_transaction()
    for message in consumed:
        producer.produce(sink, value=b"out-" + message.value(), partition=0)
    producer.send_offsets_to_transaction([TopicPartition(source, 0, 5)], consumer.consumer_group_metadata(), 60)
    producer.commit_transaction(60)

    committed = consumer.committed([TopicPartition(source, 0)], timeout=30)
    assert committed[0].offset == 5
    consumer.close()

    # An aborted transaction's offsets are not committed.
    producer.begin_transaction()
    producer.produce(sink, value=b"discarded", partition=0)
    assert producer.flush(30) == 0
    admin_consumer = Consumer({"bootstrap.servers": fast_broker.bootstrap, "group.id": group, "enable.auto.commit": False})
    producer.send_offsets_to_transaction([TopicPartition(source, 0, 2)], admin_consumer.consumer_group_metadata(), 60)
    producer.abort_transaction(60)
    assert admin_consumer.committed([TopicPartition(source, 0)], timeout=30)[0].offset == 5
    admin_consumer.close()
    assert read_all(fast_broker.bootstrap, sink, 1, "read_committed", 5) == {0: ["out-in-%d" % i for i in range(5)]}


def test_confluent_second_producer_fences_the_first(fast_broker):
    topic = unique("txn-fence")
    create_topic(fast_broker.bootstrap, topic)
    transactional_id = unique("tx-fence")
    first = transactional_producer(fast_broker.bootstrap, transactional_id)
    first.begin_transaction()
    first.produce(topic, value=b"zombie", partition=0)
    first.flush(30)
    second = transactional_producer(fast_broker.bootstrap, transactional_id)
    second.begin_transaction()
    second.produce(topic, value=b"winner", partition=0)
    second.commit_transaction(60)
    with pytest.raises(KafkaException):
        first.commit_transaction(30)
    assert read_all(fast_broker.bootstrap, topic, 1, "read_committed", 1) == {0: ["winner"]}


def test_kafka_python_transactional_producer(fast_broker):
    kafka = pytest.importorskip("kafka")
    producer_class = kafka.KafkaProducer
    if not hasattr(producer_class, "init_transactions"):
        pytest.skip("this kafka-python has no transactions")
    topic = unique("txn-kp")
    create_topic(fast_broker.bootstrap, topic)
    producer = producer_class(bootstrap_servers=fast_broker.bootstrap, transactional_id=unique("tx-kp"))
    producer.init_transactions()
    producer.begin_transaction()
    producer.send(topic, b"kp-committed", partition=0)
    producer.commit_transaction()
    producer.begin_transaction()
    producer.send(topic, b"kp-aborted", partition=0)
    producer.flush()
    producer.abort_transaction()
    producer.close()
    assert read_all(fast_broker.bootstrap, topic, 1, "read_committed", 1) == {0: ["kp-committed"]}
    assert read_all(fast_broker.bootstrap, topic, 1, "read_uncommitted", 2) == {0: ["kp-committed", "kp-aborted"]}


def test_aiokafka_transactional_producer(fast_broker):
    aiokafka = pytest.importorskip("aiokafka")
    topic = unique("txn-aio")
    create_topic(fast_broker.bootstrap, topic)

    async def run():
        producer = aiokafka.AIOKafkaProducer(bootstrap_servers=fast_broker.bootstrap, transactional_id=unique("tx-aio"))
        await producer.start()
        try:
            async with producer.transaction():
                await producer.send_and_wait(topic, b"aio-committed", partition=0)
            await producer.begin_transaction()
            await producer.send_and_wait(topic, b"aio-aborted", partition=0)
            await producer.abort_transaction()
        finally:
            await producer.stop()

    asyncio.run(run())
    assert read_all(fast_broker.bootstrap, topic, 1, "read_committed", 1) == {0: ["aio-committed"]}
    assert read_all(fast_broker.bootstrap, topic, 1, "read_uncommitted", 2) == {0: ["aio-committed", "aio-aborted"]}


def test_confluent_transaction_survives_restart(broker_factory):
    server = broker_factory(FAST)
    topic = unique("txn-restart")
    create_topic(server.bootstrap, topic)
    transactional_id = unique("tx-restart")
    producer = transactional_producer(server.bootstrap, transactional_id)
    producer.begin_transaction()
    producer.produce(topic, value=b"before", partition=0)
    producer.commit_transaction(60)
    del producer
    server.stop()
    server = broker_factory(FAST)
    producer = transactional_producer(server.bootstrap, transactional_id)
    producer.begin_transaction()
    producer.produce(topic, value=b"after", partition=0)
    producer.commit_transaction(60)
    assert read_all(server.bootstrap, topic, 1, "read_committed", 2) == {0: ["before", "after"]}
