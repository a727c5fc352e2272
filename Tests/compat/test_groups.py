"""Consumer groups against `kafkit server` with real clients: a three-member confluent-kafka group
through rebalances, AdminClient list/describe/offsets, kcat -G, kafka-python and aiokafka group
consumers with commits, and offsets that survive a restart."""
import asyncio
import os
import re
import socket
import struct
import subprocess
import threading
import time
import uuid

import pytest
from confluent_kafka import Consumer, ConsumerGroupTopicPartitions, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

# Fast first rebalance, as Kafka's own test setups do.
FAST = ["group.initial.rebalance.delay.ms=0"]


def produce_api_advertised(bootstrap):
    """ApiVersions v0 over a socket: is Produce (key 0) served?"""
    host, port = bootstrap.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        body = struct.pack(">hhih", 18, 0, 1, -1)
        sock.sendall(struct.pack(">i", len(body)) + body)
        size = struct.unpack(">i", sock.recv(4))[0]
        data = b""
        while len(data) < size:
            data += sock.recv(size - len(data))
    count = struct.unpack(">i", data[6:10])[0]
    keys = {struct.unpack(">h", data[10 + 6 * i:12 + 6 * i])[0] for i in range(count)}
    return 0 in keys and 1 in keys


@pytest.fixture
def fast_broker(broker_factory):
    server = broker_factory(FAST)
    if not produce_api_advertised(server.bootstrap):
        pytest.skip("the Produce/Fetch APIs are not served by this build")
    return server


def create_topic(bootstrap, name, partitions=1):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([NewTopic(name, num_partitions=partitions, replication_factor=1)])[name].result(timeout=30)


def produce(bootstrap, topic, partitions, per_partition):
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5})
    for partition in range(partitions):
        for i in range(per_partition):
            producer.produce(topic, value=("%d-%d" % (partition, i)).encode(), partition=partition)
    assert producer.flush(30) == 0


def commit_offsets(consumer, offsets):
    """A manual commit; the first FindCoordinator creates __consumer_offsets and answers
    COORDINATOR_NOT_AVAILABLE (as Kafka does), which librdkafka may surface: retry like an application."""
    deadline = time.time() + 30
    while True:
        try:
            return consumer.commit(offsets=offsets, asynchronous=False)
        except Exception as error:
            if "COORDINATOR_NOT_AVAILABLE" not in str(error) or time.time() > deadline:
                raise
            time.sleep(0.2)


def wait_for(condition, timeout=60, message="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out waiting for " + message)


def test_confluent_group_of_three_through_rebalance(fast_broker):
    bootstrap = fast_broker.bootstrap
    topic, group = "grp-three", "grp-three-group"
    partitions, per_partition = 6, 50
    create_topic(bootstrap, topic, partitions)
    produce(bootstrap, topic, partitions, per_partition)

    seen = {}
    lock = threading.Lock()
    stop = threading.Event()
    assignments = {}

    def run(name, start_delay):
        time.sleep(start_delay)
        consumer = Consumer({
            "bootstrap.servers": bootstrap, "group.id": group, "client.id": name,
            "auto.offset.reset": "earliest", "enable.auto.commit": False,
            "session.timeout.ms": 10000, "heartbeat.interval.ms": 500,
        })
        consumer.subscribe([topic], on_assign=lambda c, parts: assignments.__setitem__(name, [p.partition for p in parts]))
        try:
            while not stop.is_set():
                message = consumer.poll(0.2)
                if message is None or message.error():
                    continue
                with lock:
                    key = (message.partition(), message.offset())
                    seen[key] = seen.get(key, 0) + 1
                # Synchronous commit: a rebalance never hands out an uncommitted record twice.
                consumer.commit(message=message, asynchronous=False)
        finally:
            consumer.close()

    threads = [threading.Thread(target=run, args=("member-%d" % i, i * 3.0)) for i in range(3)]
    for thread in threads:
        thread.start()
    try:
        wait_for(lambda: len(seen) == partitions * per_partition, 90, "every record")
        wait_for(lambda: len(assignments) == 3 and sum(len(v) for v in assignments.values()) == partitions, 60, "3-way assignment")
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
    assert all(count == 1 for count in seen.values()), "a record was consumed twice"
    assert sorted(p for parts in assignments.values() for p in parts) == list(range(partitions))

    admin = AdminClient({"bootstrap.servers": bootstrap})
    result = admin.list_consumer_group_offsets([ConsumerGroupTopicPartitions(group)])[group].result(timeout=30)
    committed = {tp.partition: tp.offset for tp in result.topic_partitions if tp.topic == topic}
    assert committed == {p: per_partition for p in range(partitions)}


def test_admin_list_describe_offsets_delete(fast_broker):
    bootstrap = fast_broker.bootstrap
    topic, group = "grp-admin", "grp-admin-group"
    create_topic(bootstrap, topic, 2)
    produce(bootstrap, topic, 2, 5)
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "client.id": "admin-member",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    got = 0
    deadline = time.time() + 60
    while got < 10 and time.time() < deadline:
        message = consumer.poll(0.5)
        if message is not None and not message.error():
            got += 1
    assert got == 10
    consumer.commit(asynchronous=False)

    admin = AdminClient({"bootstrap.servers": bootstrap})
    listed = admin.list_consumer_groups().result(timeout=30)
    states = {g.group_id: str(g.state) for g in listed.valid}
    assert group in states and states[group].endswith("STABLE")

    described = admin.describe_consumer_groups([group])[group].result(timeout=30)
    assert str(described.state).endswith("STABLE")
    assert described.partition_assignor == "range"
    assert len(described.members) == 1
    member = described.members[0]
    assert member.client_id == "admin-member"
    assert member.host == "/127.0.0.1"
    assert sorted(tp.partition for tp in member.assignment.topic_partitions) == [0, 1]

    offsets = admin.list_consumer_group_offsets([ConsumerGroupTopicPartitions(group)])[group].result(timeout=30)
    assert {tp.partition: tp.offset for tp in offsets.topic_partitions} == {0: 5, 1: 5}

    with pytest.raises(Exception) as non_empty:
        admin.delete_consumer_groups([group])[group].result(timeout=30)
    assert "NON_EMPTY_GROUP" in str(non_empty.value)
    consumer.close()
    wait_for(lambda: str(admin.describe_consumer_groups([group])[group].result(timeout=30).state).endswith("EMPTY"), 30, "empty group")
    admin.delete_consumer_groups([group])[group].result(timeout=30)
    with pytest.raises(Exception) as missing:
        admin.delete_consumer_groups([group])[group].result(timeout=30)
    assert "GROUP_ID_NOT_FOUND" in str(missing.value)


def test_committed_offsets_survive_restart(broker_factory):
    first = broker_factory(FAST)
    topic, group = "grp-restart", "grp-restart-group"
    create_topic(first.bootstrap, topic, 1)
    consumer = Consumer({"bootstrap.servers": first.bootstrap, "group.id": group, "enable.auto.commit": False})
    commit_offsets(consumer, [TopicPartition(topic, 0, 17)])
    consumer.close()
    assert first.stop() in (0, 143)

    second = broker_factory(FAST)
    admin = AdminClient({"bootstrap.servers": second.bootstrap})
    offsets = admin.list_consumer_group_offsets([ConsumerGroupTopicPartitions(group)])[group].result(timeout=30)
    assert [(tp.topic, tp.partition, tp.offset) for tp in offsets.topic_partitions] == [(topic, 0, 17)]
    listed = admin.list_consumer_groups().result(timeout=30)
    assert group in {g.group_id for g in listed.valid}
    second.stop()

    # What we wrote decodes like Kafka's own __consumer_offsets records (partition 15 for this group).
    segment = os.path.join(second.workdir, "kafkit-data", "__consumer_offsets-15", "00000000000000000000.log")
    from conftest import kafkit_binary
    dumped = subprocess.run([kafkit_binary(), "dump-log", "--offsets-decoder", "--files", segment],
                            capture_output=True, text=True, timeout=60)
    assert dumped.returncode == 0, dumped.stderr
    assert re.search(r'baseSequence: 0 lastSequence: 0 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 '
                     r'isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 0 ', dumped.stdout)
    assert re.search(r'key: \{"type":"1","data":\{"group":"grp-restart-group","topic":"grp-restart","partition":0\}\} '
                     r'payload: \{"version":"3","data":\{"offset":17,"leaderEpoch":-1,"metadata":"","commitTimestamp":\d+\}\}',
                     dumped.stdout), dumped.stdout


def test_kcat_balanced_consumer(fast_broker):
    bootstrap = fast_broker.bootstrap
    topic, group = "grp-kcat", "grp-kcat-group"
    create_topic(bootstrap, topic, 1)
    produce(bootstrap, topic, 1, 3)
    result = subprocess.run(
        ["kcat", "-b", bootstrap, "-G", group, "-o", "beginning", "-c", "3", "-e", "-f", "%s\\n",
         "-X", "enable.auto.commit=true", "-X", "auto.commit.interval.ms=100", topic],
        capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0-0", "0-1", "0-2"]
    admin = AdminClient({"bootstrap.servers": bootstrap})
    offsets = admin.list_consumer_group_offsets([ConsumerGroupTopicPartitions(group)])[group].result(timeout=30)
    assert [tp.offset for tp in offsets.topic_partitions] == [3]


def test_kafka_python_group_consumer_commits(fast_broker):
    from kafka import KafkaConsumer
    from kafka import TopicPartition as KTopicPartition
    bootstrap = fast_broker.bootstrap
    topic, group = "grp-kpy", "grp-kpy-group"
    create_topic(bootstrap, topic, 2)
    produce(bootstrap, topic, 2, 4)
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group, auto_offset_reset="earliest",
                             enable_auto_commit=False, consumer_timeout_ms=20000)
    values = []
    for message in consumer:
        values.append(message.value.decode())
        if len(values) == 8:
            break
    consumer.commit()
    committed = {p: consumer.committed(KTopicPartition(topic, p)) for p in (0, 1)}
    consumer.close()
    assert sorted(values) == sorted("%d-%d" % (p, i) for p in range(2) for i in range(4))
    assert committed == {0: 4, 1: 4}


def test_aiokafka_group_consumer_commits(fast_broker):
    from aiokafka import AIOKafkaConsumer
    from aiokafka.structs import TopicPartition as ATopicPartition
    bootstrap = fast_broker.bootstrap
    topic, group = "grp-aio", "grp-aio-group"
    create_topic(bootstrap, topic, 1)
    produce(bootstrap, topic, 1, 5)

    async def run():
        consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group,
                                    auto_offset_reset="earliest", enable_auto_commit=False)
        await consumer.start()
        try:
            values = []
            async def collect():
                async for message in consumer:
                    values.append(message.value.decode())
                    if len(values) == 5:
                        return
            await asyncio.wait_for(collect(), 60)
            await consumer.commit()
            return values, await consumer.committed(ATopicPartition(topic, 0))
        finally:
            await consumer.stop()

    values, committed = asyncio.run(run())
    assert values == ["0-%d" % i for i in range(5)]
    assert committed == 5


def test_kafka_python_admin_groups(fast_broker):
    from kafka import KafkaAdminClient
    from kafka import TopicPartition as KTopicPartition
    bootstrap = fast_broker.bootstrap
    topic, group = "grp-kpy-admin", "grp-kpy-admin-group"
    create_topic(bootstrap, topic, 1)
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False})
    commit_offsets(consumer, [TopicPartition(topic, 0, 9)])
    consumer.close()

    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        listed = admin.list_groups(states_filter=["Empty"], types_filter=["classic"])
        assert {"group_id": group, "protocol_type": "", "group_state": "Empty", "group_type": "classic"} in listed
        assert admin.list_groups(states_filter=["Stable"]) == []
        described = admin.describe_groups([group], include_authorized_operations=True)[group]
        assert described["group_state"] == "Empty" and described["members"] == [] and described["error"] is None
        assert sorted(described["authorized_operations"]) == sorted(["READ", "DELETE", "DESCRIBE", "DESCRIBE_CONFIGS", "ALTER_CONFIGS"])
        offsets = admin.list_group_offsets(group)[group]
        assert offsets[KTopicPartition(topic, 0)].offset == 9
        deleted = admin.delete_group_offsets(group, [KTopicPartition(topic, 0)])
        assert deleted[KTopicPartition(topic, 0)].__name__ == "NoError"
        assert admin.list_group_offsets(group)[group] == {}
        assert admin.delete_groups([group]) == {group: "OK"}
        assert all(g["group_id"] != group for g in admin.list_groups())
    finally:
        admin.close()
