-- One database per service that owns state; created once when the volume is new.
create database ingest;
create database redaction;
create database router;
create database llm_cloud;
create database audit;
