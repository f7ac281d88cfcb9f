-- The W3C traceparent (ids only) of the routed record's consumer span, kept with the work row and copied to the
-- outbox rows it produces, so the publisher sends AnalysisProposed/StageFailed in the document's trace. Null for
-- rows written with tracing off.
alter table analysis_request add column traceparent varchar(55);
alter table outbox_event add column traceparent varchar(55);
