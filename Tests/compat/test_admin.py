"""Topic administration with real clients: kcat, confluent-kafka (librdkafka) and kafka-python."""
import os
import subprocess
import time

import pytest

confluent_kafka = pytest.importorskip("confluent_kafka")
from confluent_kafka.admin import (AdminClient, AlterConfigOpType, ConfigEntry, ConfigResource,  # noqa: E402
                                   NewPartitions, NewTopic)


def admin(broker):
    return AdminClient({"bootstrap.servers": broker.bootstrap})


def wait_all(futures, timeout=30):
    return {key: future.result(timeout=timeout) for key, future in futures.items()}


def test_kcat_lists_the_broker(broker):
    result = subprocess.run(["kcat", "-L", "-b", broker.bootstrap, "-m", "10"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "1 brokers:" in result.stdout
    assert "broker 1 at 127.0.0.1:%d (controller)" % broker.port in result.stdout


def test_kcat_metadata_shows_created_topic(broker):
    client = admin(broker)
    wait_all(client.create_topics([NewTopic("kcat-topic", num_partitions=3, replication_factor=1)]))
    result = subprocess.run(["kcat", "-L", "-b", broker.bootstrap, "-t", "kcat-topic", "-m", "10"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert 'topic "kcat-topic" with 3 partitions:' in result.stdout
    assert "partition 2, leader 1, replicas: 1, isrs: 1" in result.stdout


def test_confluent_create_describe_alter_delete(broker):
    client = admin(broker)
    wait_all(client.create_topics([NewTopic("demo", num_partitions=3, replication_factor=1,
                                            config={"cleanup.policy": "compact"})]))
    metadata = client.list_topics(timeout=10)
    assert "demo" in metadata.topics
    assert sorted(metadata.topics["demo"].partitions) == [0, 1, 2]
    assert metadata.topics["demo"].partitions[0].leader == 1

    # Creating it again: TOPIC_ALREADY_EXISTS with Kafka's message.
    futures = client.create_topics([NewTopic("demo", num_partitions=1, replication_factor=1)])
    with pytest.raises(confluent_kafka.KafkaException) as info:
        futures["demo"].result(timeout=30)
    assert info.value.args[0].code() == confluent_kafka.KafkaError.TOPIC_ALREADY_EXISTS
    assert "Topic 'demo' already exists." in info.value.args[0].str()

    # Replication factor above the number of brokers.
    futures = client.create_topics([NewTopic("rf3", num_partitions=1, replication_factor=3)])
    with pytest.raises(confluent_kafka.KafkaException) as info:
        futures["rf3"].result(timeout=30)
    assert info.value.args[0].code() == confluent_kafka.KafkaError.INVALID_REPLICATION_FACTOR

    resource = ConfigResource(ConfigResource.Type.TOPIC, "demo")
    configs = wait_all(client.describe_configs([resource]))[resource]
    assert configs["cleanup.policy"].value == "compact"
    assert configs["retention.ms"].value == "604800000"
    assert configs["retention.ms"].is_default

    alter = ConfigResource(ConfigResource.Type.TOPIC, "demo", incremental_configs=[
        ConfigEntry("retention.ms", "3600000", incremental_operation=AlterConfigOpType.SET)])
    wait_all(client.incremental_alter_configs([alter]))
    configs = wait_all(client.describe_configs([resource]))[resource]
    assert configs["retention.ms"].value == "3600000"
    assert not configs["retention.ms"].is_default

    wait_all(client.create_partitions([NewPartitions("demo", 5)]))
    assert len(client.list_topics(topic="demo", timeout=10).topics["demo"].partitions) == 5

    wait_all(client.delete_topics(["demo"]))
    deadline = time.time() + 10
    while "demo" in client.list_topics(timeout=10).topics and time.time() < deadline:
        time.sleep(0.1)
    assert "demo" not in client.list_topics(timeout=10).topics
    assert not any(name.startswith("demo-") for name in os.listdir(os.path.join(broker.workdir, "kafkit-data")))


def test_confluent_describe_cluster_and_broker_configs(broker):
    client = admin(broker)
    cluster = client.describe_cluster().result(timeout=30)
    assert [node.id for node in cluster.nodes] == [1]
    assert cluster.controller.id == 1
    resource = ConfigResource(ConfigResource.Type.BROKER, "1")
    configs = wait_all(client.describe_configs([resource]))[resource]
    assert configs["num.partitions"].value == "1"
    assert configs["offsets.topic.replication.factor"].value == "1"


def test_kafka_python_admin(broker):
    kafka = pytest.importorskip("kafka")
    from kafka.admin import KafkaAdminClient, NewTopic as PyNewTopic
    client = KafkaAdminClient(bootstrap_servers=broker.bootstrap, client_id="compat")
    try:
        client.create_topics([PyNewTopic("py-topic", num_partitions=2, replication_factor=1)])
        assert "py-topic" in client.list_topics()
        described = client.describe_topics(["py-topic"])
        assert described[0].get("topic", described[0].get("name")) == "py-topic"
        assert described[0]["error_code"] == 0
        partitions = described[0]["partitions"]
        assert sorted(p.get("partition", p.get("partition_index")) for p in partitions) == [0, 1]
        assert all(p.get("leader", p.get("leader_id")) == 1 for p in partitions)
        with pytest.raises(kafka.errors.TopicAlreadyExistsError):
            client.create_topics([PyNewTopic("py-topic", num_partitions=1, replication_factor=1)])
        client.delete_topics(["py-topic"])
        assert "py-topic" not in client.list_topics()
    finally:
        client.close()


def test_restart_keeps_topics(broker_factory):
    first = broker_factory()
    client = admin(first)
    wait_all(client.create_topics([NewTopic("durable", num_partitions=2, replication_factor=1,
                                                  config={"retention.ms": "1000"})]))
    assert first.stop() == 143  # ended by SIGTERM, like the JVM
    assert "shut down completed" in first.log_text()
    second = broker_factory()
    client = admin(second)
    assert sorted(client.list_topics(topic="durable", timeout=10).topics["durable"].partitions) == [0, 1]
    resource = ConfigResource(ConfigResource.Type.TOPIC, "durable")
    assert wait_all(client.describe_configs([resource]))[resource]["retention.ms"].value == "1000"
