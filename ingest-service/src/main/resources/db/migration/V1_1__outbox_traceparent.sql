-- The W3C traceparent of the upload that wrote the event (ids only), restored by the relay as the parent of the
-- Kafka send, so one document stays one trace across the outbox. Null for rows written with tracing off.
alter table outbox_event add column traceparent varchar(55);
