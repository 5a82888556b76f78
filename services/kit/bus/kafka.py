"""Kafka backend of the bus (distributed mode), on kafka-python 3.

Same delivery rules as the in-memory bus (base.py): at-least-once, a record's offset is
committed only after ``deliver`` returned (the handler's work is durable, or the record
is in the dead-letter topic), one bad record never blocks its partition.

- Topics are created by the bus (the broker does not auto-create them) with the configured
  partition count. Every name gets ``topic_prefix`` so several deployments or test runs can
  share a broker; handlers and envelopes never see the prefix.
- One thread-safe KafkaProducer for the whole bus; the key is the envelope's key, so one
  entity's events stay in one partition, in order.
- Each subscription owns a thread and a KafkaConsumer (consumers are not thread-safe) in
  group ``topic_prefix + group``; subscriptions in one group, in any process, share the
  partitions.
- kafka-python errors become ``BusError`` before they leave this module.
"""
from __future__ import annotations

import heapq
import logging
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kafka import AsyncConsumerRebalanceListener, KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import OffsetSpec
from kafka.errors import KafkaError, TopicAlreadyExistsError, for_code
from kafka.structs import OffsetAndMetadata

from services.kit.bus.base import BatchHandler, Bus, BusError, Handler
from services.kit.events import Envelope

log = logging.getLogger(__name__)

DEFAULT_PARTITIONS = 3


@dataclass
class _Subscription:
    topics: tuple[str, ...]  # as handlers see them, without the prefix
    group: str
    handler: Handler | BatchHandler
    batch_size: int | None
    busy: bool = False
    thread: threading.Thread | None = field(default=None, repr=False)
    # done[tp]: offset to commit (the one after the last record handled); committed[tp]: what
    # the broker last accepted. Shared with the rebalance listener (the consumer's IO thread).
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    done: dict[TopicPartition, OffsetAndMetadata] = field(default_factory=dict)
    committed: dict[TopicPartition, int] = field(default_factory=dict)
    assigned: set[TopicPartition] = field(default_factory=set)

    def mark_done(self, records: Iterable[Any]) -> None:
        with self.lock:
            for r in records:
                epoch = r.leader_epoch if r.leader_epoch is not None else -1
                self.done[TopicPartition(r.topic, r.partition)] = OffsetAndMetadata(r.offset + 1, "", epoch)

    def uncommitted(self, partitions: Iterable[TopicPartition] | None = None) -> dict[TopicPartition, OffsetAndMetadata]:
        with self.lock:
            wanted = self.done.keys() if partitions is None else set(partitions) & self.done.keys()
            return {tp: self.done[tp] for tp in wanted if self.committed.get(tp) != self.done[tp].offset}

    def mark_committed(self, offsets: dict[TopicPartition, OffsetAndMetadata]) -> None:
        with self.lock:
            self.committed.update({tp: om.offset for tp, om in offsets.items()})

    def release(self, partitions: Iterable[TopicPartition]) -> None:
        """Forget partitions this member no longer owns (their new owner commits them)."""
        with self.lock:
            for tp in partitions:
                self.done.pop(tp, None)
                self.committed.pop(tp, None)
                self.assigned.discard(tp)


class _CommitOnRevoke(AsyncConsumerRebalanceListener):
    """Commits what was handled before a partition moves to another member, so the new
    owner starts right after it instead of redoing it.

    kafka-python 3 runs rebalance callbacks on the consumer's IO thread, where the blocking
    ``commit()`` is refused; this listener awaits ``commit_async`` instead. Rebalances only
    happen inside ``poll()``, so no handler is in the middle of a record when this runs.
    """

    def __init__(self, sub: _Subscription, consumer: KafkaConsumer) -> None:
        self.sub, self.consumer = sub, consumer

    async def on_partitions_revoked(self, revoked):
        offsets = self.sub.uncommitted(revoked)
        if offsets:
            try:
                await self.consumer.commit_async(offsets)
            except Exception as exc:  # noqa: BLE001 - the new owner then redoes them (at-least-once)
                log.warning("commit on revoke failed; records may be handled twice",
                            extra={"fields": {"group": self.sub.group, "error": repr(exc)}})
        self.sub.release(revoked)

    async def on_partitions_assigned(self, assigned):
        with self.sub.lock:
            self.sub.assigned |= set(assigned)
        log.info("partitions assigned", extra={"fields": {"group": self.sub.group,
                                                          "partitions": sorted(f"{t}:{p}" for t, p in assigned)}})

    async def on_partitions_lost(self, lost):
        # Evicted from the group: the partitions may already be someone else's and the
        # broker would refuse our commit, so only forget them.
        self.sub.release(lost)


class KafkaBus(Bus):
    def __init__(self, bootstrap: str, *, client_id: str = "huiliu", topic_prefix: str = "",
                 partitions: int | dict[str, int] = DEFAULT_PARTITIONS, replication: int = 1,
                 linger_ms: int = 1, poll_interval: float = 0.1, max_poll_records: int = 100,
                 commit_interval: float = 0.5, commit_timeout: float = 5.0, topic_timeout: float = 30.0,
                 producer_config: dict[str, Any] | None = None, consumer_config: dict[str, Any] | None = None) -> None:
        """``partitions``: for every topic, or per topic name (others get DEFAULT_PARTITIONS);
        it applies when the bus creates a topic, an existing topic keeps its own.
        ``poll_interval``: longest wait in one poll (bounds how long ``stop`` waits).
        ``commit_interval``: under a steady stream, how often handled offsets are committed.
        ``producer_config`` / ``consumer_config``: extra kafka-python settings (TLS, SASL...).
        """
        self.bootstrap, self.client_id, self.topic_prefix = bootstrap, client_id, topic_prefix
        self.partitions, self.replication = partitions, replication
        self.linger_ms, self.poll_interval, self.max_poll_records = linger_ms, poll_interval, max_poll_records
        self.commit_interval, self.commit_timeout, self.topic_timeout = commit_interval, commit_timeout, topic_timeout
        self._producer_config, self._consumer_config = dict(producer_config or {}), dict(consumer_config or {})
        self._subs: list[_Subscription] = []
        self._stopping = threading.Event()
        self._started = False
        self._producer: KafkaProducer | None = None
        self._producer_lock = threading.Lock()
        self._send_errors: list[str] = []
        self._admin: KafkaAdminClient | None = None
        self._admin_lock = threading.Lock()
        self._topic_partitions: dict[str, int] = {}  # prefixed name -> partitions, once ready

    # topics -------------------------------------------------------------------------------

    def topic_name(self, topic: str) -> str:
        return self.topic_prefix + topic

    def _partitions_for(self, topic: str) -> int:
        if isinstance(self.partitions, int):
            return self.partitions
        return self.partitions.get(topic, DEFAULT_PARTITIONS)

    def _admin_client(self) -> KafkaAdminClient:  # caller holds _admin_lock
        if self._admin is None:
            self._admin = KafkaAdminClient(bootstrap_servers=self.bootstrap, client_id=f"{self.client_id}-admin")
        return self._admin

    def ensure_topics(self, names: Iterable[str]) -> None:
        """Create the topics that do not exist yet and wait until each has a leader."""
        wanted = {self.topic_name(n): self._partitions_for(n) for n in names}
        missing = [t for t in wanted if t not in self._topic_partitions]
        if not missing:
            return
        with self._admin_lock:
            missing = [t for t in missing if t not in self._topic_partitions]
            if not missing:
                return
            try:
                admin = self._admin_client()
                result = admin.create_topics(
                    {t: {"num_partitions": wanted[t], "replication_factor": self.replication} for t in missing},
                    timeout_ms=int(self.topic_timeout * 1000), raise_errors=False)
                for topic in result["topics"]:
                    # Another process (or an earlier run) created it first: that is the goal.
                    if topic["error_code"] not in (0, TopicAlreadyExistsError.errno):
                        reason = topic.get("error_message") or for_code(topic["error_code"]).__name__
                        raise BusError(f"cannot create topic {topic['name']!r} on {self.bootstrap}: {reason}")
                admin.wait_for_topics(missing, timeout_ms=int(self.topic_timeout * 1000))
                for topic in admin.describe_topics(missing):
                    self._topic_partitions[topic["name"]] = len(topic["partitions"])
            except KafkaError as exc:
                raise BusError(f"cannot create topics {missing} on {self.bootstrap}: {exc}") from exc
        log.info("topics ready", extra={"fields": {"topics": missing, "bootstrap": self.bootstrap}})

    # producing ----------------------------------------------------------------------------

    def _producer_client(self) -> KafkaProducer:
        with self._producer_lock:
            if self._producer is None:
                try:
                    self._producer = KafkaProducer(
                        bootstrap_servers=self.bootstrap, client_id=self.client_id,
                        # every in-sync replica has it before the send counts as done; the
                        # idempotent producer (kafka-python 3's default) keeps retries from
                        # duplicating or reordering a key's events
                        acks="all", enable_idempotence=True, retry_backoff_ms=100,
                        delivery_timeout_ms=120_000, linger_ms=self.linger_ms,
                        **self._producer_config)
                except KafkaError as exc:
                    raise BusError(f"cannot connect a producer to {self.bootstrap}: {exc}") from exc
            return self._producer

    def publish(self, topic: str, envelope: Envelope) -> None:
        self.publish_raw(topic, envelope.key, envelope.encode())

    def publish_raw(self, topic: str, key: str | None, raw: bytes) -> None:
        """Send bytes as they are (tests use it to send a poison message)."""
        self.ensure_topics([topic])
        producer = self._producer_client()
        try:
            future = producer.send(self.topic_name(topic), value=raw, key=key.encode() if key is not None else None)
        except KafkaError as exc:
            raise BusError(f"cannot send to topic {topic!r}: {exc}") from exc
        future.add_errback(self._send_failed, topic, key)

    def _send_failed(self, topic: str, key: str | None, exc: BaseException) -> None:
        log.error("event not accepted by Kafka", extra={"fields": {"topic": topic, "key": key, "error": repr(exc)}})
        with self._producer_lock:
            self._send_errors.append(f"{topic}/{key}: {exc!r}")

    def flush(self, timeout: float = 30.0) -> None:
        producer = self._producer
        if producer is None:
            return
        try:
            producer.flush(timeout=timeout)
        except KafkaError as exc:
            raise BusError(f"events not acknowledged by Kafka within {timeout}s: {exc}") from exc
        with self._producer_lock:
            errors, self._send_errors = self._send_errors, []
        if errors:
            raise BusError(f"Kafka did not accept {len(errors)} event(s), first: {errors[0]}")

    # consuming ----------------------------------------------------------------------------

    def subscribe(self, topics: str | Sequence[str], group: str, handler: Handler | BatchHandler,
                  batch_size: int | None = None) -> None:
        topics = (topics,) if isinstance(topics, str) else tuple(topics)
        self.ensure_topics(topics)
        sub = _Subscription(topics, group, handler, batch_size)
        self._subs.append(sub)
        if self._started:
            self._spawn(sub)

    def start(self) -> None:
        self._stopping.clear()
        self._started = True
        for sub in self._subs:
            if sub.thread is None:
                self._spawn(sub)

    def _spawn(self, sub: _Subscription) -> None:
        sub.thread = threading.Thread(target=self._run, args=(sub,), name=f"kafka-bus-{sub.group}", daemon=True)
        sub.thread.start()

    def assignment(self) -> set[tuple[str, int]]:
        """(topic, partition) pairs this bus's subscriptions own right now."""
        out: set[tuple[str, int]] = set()
        for sub in self._subs:
            with sub.lock:
                out |= {(tp.topic[len(self.topic_prefix):], tp.partition) for tp in sub.assigned}
        return out

    def _open_consumer(self, sub: _Subscription) -> KafkaConsumer | None:
        consumer = None
        try:
            consumer = KafkaConsumer(
                bootstrap_servers=self.bootstrap, client_id=f"{self.client_id}-{sub.group}",
                group_id=self.topic_prefix + sub.group,
                enable_auto_commit=False,  # we commit ourselves, only what was handled
                auto_offset_reset="earliest",  # a new group starts from the beginning: nothing skipped
                allow_auto_create_topics=False, max_poll_records=self.max_poll_records,
                **self._consumer_config)
            # Learn the topics' partitions before joining: a group leader without them
            # assigns nothing and does not notice the topics until its next metadata refresh.
            for topic in sub.topics:
                if not consumer.partitions_for_topic(self.topic_name(topic)):
                    raise KafkaError(f"topic {self.topic_name(topic)!r} has no partitions in metadata yet")
            consumer.subscribe([self.topic_name(t) for t in sub.topics], listener=_CommitOnRevoke(sub, consumer))
            return consumer
        except KafkaError as exc:
            log.error("cannot open consumer, retrying", extra={"fields": {"group": sub.group, "error": repr(exc)}})
            if consumer is not None:
                consumer.close(autocommit=False)
            return None

    def _run(self, sub: _Subscription) -> None:
        consumer = None
        last_commit = time.monotonic()
        try:
            while not self._stopping.is_set():
                if consumer is None:
                    consumer = self._open_consumer(sub)
                    if consumer is None:
                        self._stopping.wait(1.0)
                        continue
                try:
                    polled = consumer.poll(timeout_ms=int(self.poll_interval * 1000),
                                           max_records=sub.batch_size or self.max_poll_records)
                except KafkaError as exc:
                    log.warning("poll failed, retrying", extra={"fields": {"group": sub.group, "error": repr(exc)}})
                    self._stopping.wait(self.retry_backoff)
                    continue
                if polled:
                    self._handle(sub, consumer, polled)
                # A synchronous commit is a round trip to the group coordinator (about 4 ms
                # of publish->handle latency when done after every poll). Under a steady
                # stream commit every commit_interval; once the stream pauses (an empty
                # poll) commit at once. Either way only records whose handling finished are
                # committed; a crash redoes at most commit_interval of work (at-least-once).
                if not polled or time.monotonic() - last_commit >= self.commit_interval:
                    self._commit(sub, consumer)  # also retries a commit that failed earlier
                    last_commit = time.monotonic()
        finally:
            if consumer is not None:
                # Shutdown: the record in hand has finished; commit it so whoever takes the
                # partition next starts after it, then leave the group (a prompt rebalance).
                self._commit(sub, consumer)
                try:
                    consumer.close(autocommit=False, timeout_ms=int(self.commit_timeout * 1000))
                except Exception as exc:  # noqa: BLE001 - closing is best effort
                    log.warning("consumer close failed", extra={"fields": {"group": sub.group, "error": repr(exc)}})

    def _handle(self, sub: _Subscription, consumer: KafkaConsumer, polled: dict[TopicPartition, list[Any]]) -> None:
        # Each partition's list stays in order; merging by timestamp only interleaves the
        # partitions roughly in publish order.
        records = list(heapq.merge(*polled.values(), key=lambda r: r.timestamp))
        strip = len(self.topic_prefix)
        try:
            sub.busy = True
            if sub.batch_size:
                items = [(r.topic[strip:], _key(r), r.value) for r in records]
                self.deliver_batch(items, sub.handler)
                sub.mark_done(records)
            else:
                for r in records:
                    if self._stopping.is_set():  # stop: finish the record in hand, not the chunk
                        break
                    self.deliver(r.topic[strip:], r.value, sub.handler, _key(r))
                    sub.mark_done([r])
        except Exception as exc:  # noqa: BLE001 - e.g. the dead-letter send failed: retry, never die
            log.error("delivery failed, will retry", extra={"fields": {"group": sub.group, "error": repr(exc)}})
            self._stopping.wait(self.retry_backoff)
        finally:
            sub.busy = False
        # The consumer's position is past everything polled; rewind the partitions with
        # records not handled so the next poll hands them out again (nothing skipped).
        with sub.lock:
            done = {tp: om.offset for tp, om in sub.done.items()}
        for tp, recs in polled.items():
            handled = done.get(tp, -1)
            if handled <= recs[-1].offset:
                try:
                    consumer.seek(tp, max(handled, recs[0].offset))
                except (KafkaError, AssertionError, ValueError) as exc:
                    log.warning("rewind failed", extra={"fields": {"partition": str(tp), "error": repr(exc)}})

    def _commit(self, sub: _Subscription, consumer: KafkaConsumer) -> None:
        offsets = sub.uncommitted()
        if not offsets:
            return
        try:
            consumer.commit(offsets, timeout_ms=int(self.commit_timeout * 1000))
        except KafkaError as exc:
            # Kept as pending: retried after the next poll, or committed on revoke.
            log.warning("offset commit failed, will retry", extra={"fields": {"group": sub.group, "error": repr(exc)}})
            return
        sub.mark_committed(offsets)

    def stop(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        self._stopping.set()
        for sub in self._subs:
            if sub.thread is not None:
                sub.thread.join(max(0.1, deadline - time.monotonic()))
                if sub.thread.is_alive():
                    log.warning("consumer still finishing its record", extra={"fields": {"group": sub.group}})
                else:
                    sub.thread = None
        self._started = False
        error: BusError | None = None
        with self._producer_lock:
            producer, self._producer = self._producer, None
        if producer is not None:
            try:  # events published by handlers must reach Kafka before we go
                producer.flush(timeout=max(0.1, deadline - time.monotonic()))
            except KafkaError as exc:
                error = BusError(f"events not acknowledged by Kafka at shutdown: {exc}")
            producer.close(timeout=max(0.1, deadline - time.monotonic()))
        with self._admin_lock:
            if self._admin is not None:
                self._admin.close()
                self._admin = None
        if error is not None:
            raise error

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """True once every group of this bus has committed up to the end of its topics and
        no handler is busy (what was published so far has been handled)."""
        deadline = time.monotonic() + timeout
        try:
            self.flush(timeout)
        except BusError as exc:
            log.warning("wait_idle: flush failed", extra={"fields": {"error": str(exc)}})
            return False
        while True:
            if self._idle():
                return True
            if time.monotonic() >= deadline or not self._started:
                return False
            time.sleep(0.05)

    def _idle(self) -> bool:
        if any(sub.busy for sub in self._subs):
            return False
        groups: dict[str, set[str]] = {}
        for sub in self._subs:
            groups.setdefault(self.topic_prefix + sub.group, set()).update(self.topic_name(t) for t in sub.topics)
        try:
            with self._admin_lock:
                admin = self._admin_client()
                for group, topics in groups.items():
                    tps = [TopicPartition(t, p) for t in topics for p in range(self._topic_partitions[t])]
                    ends = admin.list_partition_offsets({tp: OffsetSpec.LATEST for tp in tps})
                    committed = admin.list_group_offsets(group).get(group, {})
                    for tp in tps:
                        end = ends[tp].offset
                        if end > 0 and (tp not in committed or committed[tp].offset < end):
                            return False
        except KafkaError as exc:  # e.g. the group coordinator is not there yet
            log.debug("wait_idle: offsets not available", extra={"fields": {"error": repr(exc)}})
            return False
        return True


def _key(record: Any) -> str | None:
    return record.key.decode("utf-8", "replace") if record.key is not None else None
