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
- Every consumer reads with ``isolation_level="read_committed"``: records of an aborted
  transaction are never handed to a handler.
- A ``transactional`` subscription (exactly-once consume-transform-produce) gets a
  transactional producer of its own. For each polled chunk it begins a transaction; what
  its handler publishes from the subscription's thread (a thread-local routes ``publish``
  and ``flush`` there), the dead-letter records and the chunk's offsets are committed
  together (``send_offsets_to_transaction`` with the consumer's group metadata, so a member
  that lost its partitions is fenced). Any failure aborts the transaction and rewinds the
  consumer to the last committed position: the records are handled again; a record that
  fails ``max_attempts`` times is dead-lettered inside the transaction that commits its
  offset. After a failure, the records polled with it go one per transaction, so a bad
  record in a batch is found and only it is retried.
- kafka-python errors become ``BusError`` before they leave this module.
"""
from __future__ import annotations

import heapq
import logging
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kafka import AsyncConsumerRebalanceListener, KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import OffsetSpec
from kafka.errors import KafkaError, TopicAlreadyExistsError, for_code
from kafka.structs import OffsetAndMetadata

from services.kit import events
from services.kit.bus.base import BatchHandler, Bus, BusError, Handler
from services.kit.events import BadMessage, Envelope

log = logging.getLogger(__name__)

DEFAULT_PARTITIONS = 3


@dataclass
class _Subscription:
    topics: tuple[str, ...]  # as handlers see them, without the prefix
    group: str
    handler: Handler | BatchHandler
    batch_size: int | None
    transactional: bool = False
    busy: bool = False
    thread: threading.Thread | None = field(default=None, repr=False)
    # done[tp]: offset to commit (the one after the last record handled); committed[tp]: what
    # the broker last accepted. Shared with the rebalance listener (the consumer's IO thread).
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    done: dict[TopicPartition, OffsetAndMetadata] = field(default_factory=dict)
    committed: dict[TopicPartition, int] = field(default_factory=dict)
    assigned: set[TopicPartition] = field(default_factory=set)
    joined: bool = False  # the group gave this consumer its (possibly empty) assignment
    # transactional subscriptions only: the transaction's producer and the sends it refused;
    # failures[(tp, offset)] = (attempts, last error) of a record whose handler failed;
    # below isolate[tp], records go one per transaction (they were polled with a failure)
    producer: KafkaProducer | None = field(default=None, repr=False)
    send_errors: list[str] = field(default_factory=list)
    failures: dict[tuple[TopicPartition, int], tuple[int, str]] = field(default_factory=dict)
    isolate: dict[TopicPartition, int] = field(default_factory=dict)

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
                self.isolate.pop(tp, None)
            for pos in [pos for pos in self.failures if pos[0] in partitions]:
                del self.failures[pos]


class _HandlerFailed(Exception):
    """A transactional handler raised on ``records``: the transaction is aborted."""

    def __init__(self, records: list[Any], cause: Exception) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.records, self.cause = records, cause


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
            self.sub.joined = True
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
                 session_timeout: float = 10.0, transaction_timeout: float = 10.0, transactional_id: str | None = None,
                 producer_config: dict[str, Any] | None = None, consumer_config: dict[str, Any] | None = None) -> None:
        """``partitions``: for every topic, or per topic name (others get DEFAULT_PARTITIONS);
        it applies when the bus creates a topic, an existing topic keeps its own.
        ``poll_interval``: longest wait in one poll (bounds how long ``stop`` waits).
        ``commit_interval``: under a steady stream, how often handled offsets are committed.
        ``session_timeout``: how long the group waits for a silent member (a killed process)
        before its partitions go to the others (kafka-python's 45 s default is a long outage).
        ``transaction_timeout``: the broker aborts a transaction open that long: what a
        process killed mid-transaction leaves open blocks read_committed readers of its
        partitions until then. Handlers publish at their end, so a transaction is short.
        ``transactional_id``: a name for this process, unique among the live ones and the
        same after it restarts (a pod name); a restarted process then aborts what it left
        open at once instead of after ``transaction_timeout``. Random when not given.
        ``producer_config`` / ``consumer_config``: extra kafka-python settings (TLS, SASL...).
        """
        self.bootstrap, self.client_id, self.topic_prefix = bootstrap, client_id, topic_prefix
        self.partitions, self.replication = partitions, replication
        self.linger_ms, self.poll_interval, self.max_poll_records = linger_ms, poll_interval, max_poll_records
        self.commit_interval, self.commit_timeout, self.topic_timeout = commit_interval, commit_timeout, topic_timeout
        self.session_timeout, self.transaction_timeout = session_timeout, transaction_timeout
        self.transactional_id = transactional_id or f"{client_id}-{uuid.uuid4().hex[:12]}"
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
        self._local = threading.local()  # .sub: the transactional subscription whose handler runs here

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
        sub = self._transaction()
        producer = sub.producer if sub is not None else self._producer_client()
        try:
            future = producer.send(self.topic_name(topic), value=raw, key=key.encode() if key is not None else None)
        except KafkaError as exc:
            raise BusError(f"cannot send to topic {topic!r}: {exc}") from exc
        future.add_errback(self._send_failed, topic, key, sub)

    def _transaction(self) -> _Subscription | None:
        """The transactional subscription whose handler runs on this thread, if any."""
        return getattr(self._local, "sub", None)

    def _send_failed(self, topic: str, key: str | None, sub: _Subscription | None, exc: BaseException) -> None:
        log.error("event not accepted by Kafka", extra={"fields": {"topic": topic, "key": key, "error": repr(exc)}})
        with self._producer_lock:
            (sub.send_errors if sub is not None else self._send_errors).append(f"{topic}/{key}: {exc!r}")

    def flush(self, timeout: float = 30.0) -> None:
        """Inside a transactional handler: the transaction's events are sent (they become
        visible when it commits); elsewhere: every event is acknowledged."""
        sub = self._transaction()
        producer = sub.producer if sub is not None else self._producer
        if producer is None:
            return
        try:
            producer.flush(timeout=timeout)
        except KafkaError as exc:
            raise BusError(f"events not acknowledged by Kafka within {timeout}s: {exc}") from exc
        with self._producer_lock:
            if sub is not None:
                errors, sub.send_errors = sub.send_errors, []
            else:
                errors, self._send_errors = self._send_errors, []
        if errors:
            raise BusError(f"Kafka did not accept {len(errors)} event(s), first: {errors[0]}")

    # consuming ----------------------------------------------------------------------------

    def subscribe(self, topics: str | Sequence[str], group: str, handler: Handler | BatchHandler,
                  batch_size: int | None = None, transactional: bool = False) -> None:
        topics = (topics,) if isinstance(topics, str) else tuple(topics)
        self.ensure_topics(topics)
        sub = _Subscription(topics, group, handler, batch_size, transactional)
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

    def joined(self) -> bool:
        """Every subscription has been through its group's assignment at least once."""
        return all(sub.joined for sub in self._subs)

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
                **{"isolation_level": "read_committed",  # an aborted transaction's records never reach a handler
                   "session_timeout_ms": int(self.session_timeout * 1000),
                   "heartbeat_interval_ms": max(100, int(self.session_timeout * 200)),
                   **self._consumer_config})
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
                if sub.transactional and sub.producer is None:
                    # Before polling: a predecessor with the same transactional id may have
                    # left a transaction open, and its pending offsets would hold up fetching
                    # the committed ones; init_transactions aborts it.
                    try:
                        self._transaction_producer(sub)
                    except Exception as exc:  # noqa: BLE001 - e.g. the broker is away: retry
                        log.error("cannot start a transactional producer, retrying",
                                  extra={"fields": {"group": sub.group, "error": repr(exc)}})
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
                    (self._handle_transaction if sub.transactional else self._handle)(sub, consumer, polled)
                else:
                    self._skip_to_position(sub, consumer)
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
            if sub.producer is not None:  # no transaction is open between chunks
                producer, sub.producer = sub.producer, None
                producer.close(timeout=self.commit_timeout)

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
        self._rewind(sub, consumer, polled)

    def _rewind(self, sub: _Subscription, consumer: KafkaConsumer, polled: dict[TopicPartition, list[Any]]) -> None:
        """The consumer's position is past everything polled; rewind the partitions with
        records not handled so the next poll hands them out again (nothing skipped)."""
        with sub.lock:
            done = {tp: om.offset for tp, om in sub.done.items()}
        for tp, recs in polled.items():
            handled = done.get(tp, -1)
            if handled <= recs[-1].offset:
                try:
                    consumer.seek(tp, max(handled, recs[0].offset))
                except (KafkaError, AssertionError, ValueError) as exc:  # no longer ours: its new owner resumes it
                    log.warning("rewind failed", extra={"fields": {"partition": str(tp), "error": repr(exc)}})

    def _skip_to_position(self, sub: _Subscription, consumer: KafkaConsumer) -> None:
        """After an empty poll the consumer may stand past offsets it never returned: a
        transaction's commit or abort marker, or an aborted transaction's records. Count
        them as done, so the committed offset reaches the end of the partition (wait_idle,
        lag); whatever a handler should see was returned by an earlier poll or rewound to."""
        with sub.lock:
            assigned = list(sub.assigned)
        for tp in assigned:
            try:
                position = consumer.position(tp, timeout_ms=0)
            except (KafkaError, AssertionError, ValueError):  # just revoked, or not yet fetched
                continue
            with sub.lock:
                current = sub.done.get(tp)
                if position is not None and tp in sub.assigned and (current is None or position > current.offset):
                    sub.done[tp] = OffsetAndMetadata(position, "", -1)

    # transactions -------------------------------------------------------------------------

    def _transaction_producer(self, sub: _Subscription) -> KafkaProducer:
        if sub.producer is None:
            # one id per subscription; the same on restart when transactional_id is given
            index = next(i for i, other in enumerate(self._subs) if other is sub)
            tid = f"{self.topic_prefix}{sub.group}.{self.transactional_id}.{index}"
            config = {
                "acks": "all", "delivery_timeout_ms": 120_000, "linger_ms": self.linger_ms,
                # a new transaction's first AddPartitionsToTxn often meets CONCURRENT_TRANSACTIONS
                # while the broker still writes the last one's markers; the 100 ms default
                # backoff made a transaction take 0.1-0.2 s here, 10 ms makes it ~15 ms
                "retry_backoff_ms": 10,
                **self._producer_config,
                "transactional_id": tid, "transaction_timeout_ms": int(self.transaction_timeout * 1000),
            }
            producer = KafkaProducer(bootstrap_servers=self.bootstrap, client_id=f"{self.client_id}-{sub.group}-txn", **config)
            try:
                producer.init_transactions()  # also aborts what an earlier producer with this id left open
            except Exception:
                producer.close(timeout=0)
                raise
            sub.producer = producer
            log.info("transactional producer ready", extra={"fields": {"group": sub.group, "transactional_id": tid}})
        return sub.producer

    def _handle_transaction(self, sub: _Subscription, consumer: KafkaConsumer, polled: dict[TopicPartition, list[Any]]) -> None:
        records = list(heapq.merge(*polled.values(), key=lambda r: r.timestamp))
        with sub.lock:
            if any(r.offset < sub.isolate.get(TopicPartition(r.topic, r.partition), -1) for r in records):
                records = records[:1]
        began, failure = False, None
        try:
            sub.busy = True
            producer = self._transaction_producer(sub)
            producer.begin_transaction()
            began = True
            self._local.sub = sub
            try:
                handled = self._deliver_in_transaction(sub, records)
                self.flush(self.commit_timeout)  # a refused send fails the transaction here
            finally:
                self._local.sub = None
            offsets = _next_offsets(handled)
            if offsets:
                producer.send_offsets_to_transaction(offsets, consumer.group_metadata())
            producer.commit_transaction()
            began = False
            sub.mark_done(handled)
            sub.mark_committed(offsets)
            with sub.lock:
                for r in handled:
                    sub.failures.pop((TopicPartition(r.topic, r.partition), r.offset), None)
        except _HandlerFailed as exc:
            failure = exc
        except Exception as exc:  # noqa: BLE001 - e.g. broker gone, fenced: abort, rewind, retry
            failure = exc
            log.error("transaction failed, its records will be handled again",
                      extra={"fields": {"group": sub.group, "error": repr(exc)}})
        finally:
            if began:
                self._abort(sub)
            elif failure is not None:  # it could not even begin: start again with a new producer
                self._drop_producer(sub)
            sub.busy = False
        self._rewind(sub, consumer, polled)
        if failure is not None:
            attempts = self._count_failure(sub, polled, failure) if isinstance(failure, _HandlerFailed) else 1
            self._stopping.wait(self.retry_backoff * attempts)

    def _deliver_in_transaction(self, sub: _Subscription, records: list[Any]) -> list[Any]:
        """Handle ``records`` inside the open transaction; returns those handled (a prefix of
        each partition's records). Raises _HandlerFailed if the handler does."""
        strip = len(self.topic_prefix)
        handled: list[Any] = []
        good: list[tuple[Any, Envelope]] = []
        for r in records:
            if self._stopping.is_set() and not sub.batch_size and handled:
                break  # stop: finish the record in hand, commit what is done
            topic, key = r.topic[strip:], _key(r)
            with sub.lock:
                attempts, error = sub.failures.get((TopicPartition(r.topic, r.partition), r.offset), (0, ""))
            if attempts >= self.max_attempts:  # given up: its dead-letter record commits with its offset
                self._to_dead_letter(topic, r.value, error, key)
                handled.append(r)
                continue
            try:
                envelope = Envelope.decode(r.value)
                events.parse(envelope)
            except BadMessage as exc:
                self._to_dead_letter(topic, r.value, str(exc), key)
                handled.append(r)
                continue
            if sub.batch_size:
                good.append((r, envelope))
                continue
            try:
                sub.handler(envelope)
            except Exception as exc:  # noqa: BLE001 - aborts the transaction
                raise _HandlerFailed([r], exc) from exc
            handled.append(r)
        if good:
            try:
                sub.handler([envelope for _, envelope in good])
            except Exception as exc:  # noqa: BLE001 - aborts the transaction
                raise _HandlerFailed([r for r, _ in good], exc) from exc
            handled.extend(r for r, _ in good)
        return sorted(handled, key=lambda r: (r.topic, r.partition, r.offset))  # mark_done keeps each partition's last

    def _count_failure(self, sub: _Subscription, polled: dict[TopicPartition, list[Any]], failure: _HandlerFailed) -> int:
        """Remember a handler failure; returns the attempts made so far on its record."""
        attempts = 1
        with sub.lock:
            for tp, recs in polled.items():  # find the culprit: one record per transaction from here
                sub.isolate[tp] = max(sub.isolate.get(tp, -1), recs[-1].offset + 1)
            if len(failure.records) == 1:
                r = failure.records[0]
                pos = (TopicPartition(r.topic, r.partition), r.offset)
                # a BadMessage will not get better: dead-letter it on the next pass
                attempts = self.max_attempts if isinstance(failure.cause, BadMessage) else sub.failures.get(pos, (0, ""))[0] + 1
                sub.failures[pos] = (attempts, str(failure))
        log.warning("handler failed, transaction aborted", extra={"fields": {
            "group": sub.group, "records": len(failure.records), "attempt": attempts, "error": str(failure)}})
        return attempts

    def _abort(self, sub: _Subscription) -> None:
        producer = sub.producer
        if producer is None:
            return
        try:
            producer.abort_transaction()
        except Exception as exc:  # noqa: BLE001 - fenced or fatal: this producer is done
            log.warning("abort failed, replacing the transactional producer", extra={"fields": {"group": sub.group, "error": repr(exc)}})
            self._drop_producer(sub)

    @staticmethod
    def _drop_producer(sub: _Subscription) -> None:
        """Close a transactional producer that cannot go on; the next one, with the same id,
        fences it and aborts whatever it left open."""
        producer, sub.producer = sub.producer, None
        if producer is not None:
            producer.close(timeout=0)

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


def _next_offsets(records: Iterable[Any]) -> dict[TopicPartition, OffsetAndMetadata]:
    """The offset to commit per partition: the one after the last record handled."""
    out: dict[TopicPartition, OffsetAndMetadata] = {}
    for r in records:
        tp = TopicPartition(r.topic, r.partition)
        if tp not in out or out[tp].offset <= r.offset:
            out[tp] = OffsetAndMetadata(r.offset + 1, "", r.leader_epoch if r.leader_epoch is not None else -1)
    return out


def _key(record: Any) -> str | None:
    return record.key.decode("utf-8", "replace") if record.key is not None else None
