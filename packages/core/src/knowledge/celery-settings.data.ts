// Interim table built from shared/reference/celery-settings.json; regenerated from
// Celery's celery/app/defaults.py by scripts/generate-celery-settings.
import type { SettingData } from './settings';

export const SETTINGS_SOURCE = 'interim';

export const SETTINGS_DATA: readonly SettingData[] = [
 {
  "name": "accept_content",
  "oldName": "CELERY_ACCEPT_CONTENT",
  "type": "list",
  "default": {
   "$tuple": [
    "json"
   ]
  },
  "since": "5.2",
  "description": ""
 },
 {
  "name": "arangodb_backend_settings",
  "oldName": "CELERY_ARANGODB_BACKEND_SETTINGS",
  "type": "dict",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "azureblockblob_base_path",
  "oldName": "AZUREBLOCKBLOB_BASE_PATH",
  "type": "string",
  "default": "",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "azureblockblob_connection_timeout",
  "oldName": "AZUREBLOCKBLOB_CONNECTION_TIMEOUT",
  "type": "int",
  "default": 20,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "azureblockblob_container_name",
  "oldName": "AZUREBLOCKBLOB_CONTAINER_NAME",
  "type": "string",
  "default": "celery",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "azureblockblob_read_timeout",
  "oldName": "AZUREBLOCKBLOB_READ_TIMEOUT",
  "type": "int",
  "default": 120,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "azureblockblob_retry_increment_base",
  "oldName": "AZUREBLOCKBLOB_RETRY_INCREMENT_BASE",
  "type": "int",
  "default": 2,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "azureblockblob_retry_initial_backoff_sec",
  "oldName": "AZUREBLOCKBLOB_RETRY_INITIAL_BACKOFF_SEC",
  "type": "int",
  "default": 2,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "azureblockblob_retry_max_attempts",
  "oldName": "AZUREBLOCKBLOB_RETRY_MAX_ATTEMPTS",
  "type": "int",
  "default": 3,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "beat_cron_starting_deadline",
  "oldName": "CELERYBEAT_CRON_STARTING_DEADLINE",
  "type": "int",
  "default": null,
  "since": "5.3",
  "description": ""
 },
 {
  "name": "beat_max_loop_interval",
  "oldName": "CELERYBEAT_MAX_LOOP_INTERVAL",
  "type": "float",
  "default": 0,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "beat_schedule",
  "oldName": "CELERYBEAT_SCHEDULE",
  "type": "dict",
  "default": {},
  "since": "5.2",
  "description": ""
 },
 {
  "name": "beat_schedule_filename",
  "oldName": "CELERYBEAT_SCHEDULE_FILENAME",
  "type": "string",
  "default": "celerybeat-schedule",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "beat_scheduler",
  "oldName": "CELERYBEAT_SCHEDULER",
  "type": "string",
  "default": "celery.beat:PersistentScheduler",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "beat_sync_every",
  "oldName": "CELERYBEAT_SYNC_EVERY",
  "type": "int",
  "default": 0,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "broker_channel_error_retry",
  "oldName": "BROKER_CHANNEL_ERROR_RETRY",
  "type": "bool",
  "default": false,
  "since": "5.3",
  "description": ""
 },
 {
  "name": "broker_connection_max_retries",
  "oldName": "BROKER_CONNECTION_MAX_RETRIES",
  "type": "int",
  "default": 100,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "broker_connection_retry",
  "oldName": "BROKER_CONNECTION_RETRY",
  "type": "bool",
  "default": true,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "broker_connection_retry_on_startup",
  "oldName": "BROKER_CONNECTION_RETRY_ON_STARTUP",
  "type": "bool",
  "default": null,
  "since": "5.3",
  "description": ""
 },
 {
  "name": "broker_connection_timeout",
  "oldName": "BROKER_CONNECTION_TIMEOUT",
  "type": "float",
  "default": 4,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "broker_failover_strategy",
  "oldName": "BROKER_FAILOVER_STRATEGY",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "broker_heartbeat",
  "oldName": "BROKER_HEARTBEAT",
  "type": "int",
  "default": 120,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "broker_heartbeat_checkrate",
  "oldName": "BROKER_HEARTBEAT_CHECKRATE",
  "type": "int",
  "default": 3.0,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "broker_host",
  "oldName": "BROKER_HOST",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "broker_login_method",
  "oldName": "BROKER_LOGIN_METHOD",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "broker_native_delayed_delivery_queue_type",
  "oldName": "BROKER_NATIVE_DELAYED_DELIVERY_QUEUE_TYPE",
  "type": "string",
  "default": "quorum",
  "since": "5.5",
  "description": ""
 },
 {
  "name": "broker_password",
  "oldName": "BROKER_PASSWORD",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "broker_pool_acquire_timeout",
  "oldName": "BROKER_POOL_ACQUIRE_TIMEOUT",
  "type": "float",
  "default": null,
  "since": "5.7",
  "description": ""
 },
 {
  "name": "broker_pool_limit",
  "oldName": "BROKER_POOL_LIMIT",
  "type": "int",
  "default": 10,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "broker_port",
  "oldName": "BROKER_PORT",
  "type": "int",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "broker_read_url",
  "oldName": "BROKER_READ_URL",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "broker_transport",
  "oldName": "BROKER_TRANSPORT",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "broker_transport_options",
  "oldName": "BROKER_TRANSPORT_OPTIONS",
  "type": "dict",
  "default": {},
  "since": "5.2",
  "description": ""
 },
 {
  "name": "broker_url",
  "oldName": "BROKER_URL",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "broker_use_ssl",
  "oldName": "BROKER_USE_SSL",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "broker_user",
  "oldName": "BROKER_USER",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "broker_vhost",
  "oldName": "BROKER_VHOST",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "broker_write_url",
  "oldName": "BROKER_WRITE_URL",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "cache_backend",
  "oldName": "CELERY_CACHE_BACKEND",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "cache_backend_options",
  "oldName": "CELERY_CACHE_BACKEND_OPTIONS",
  "type": "dict",
  "default": {},
  "since": "5.2",
  "description": ""
 },
 {
  "name": "cassandra_auth_kwargs",
  "oldName": "CASSANDRA_AUTH_KWARGS",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "cassandra_auth_provider",
  "oldName": "CASSANDRA_AUTH_PROVIDER",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "cassandra_bundle_path",
  "oldName": "CASSANDRA_BUNDLE_PATH",
  "type": "string",
  "default": null,
  "since": "5.3",
  "description": ""
 },
 {
  "name": "cassandra_entry_ttl",
  "oldName": "CASSANDRA_ENTRY_TTL",
  "type": "float",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "cassandra_keyspace",
  "oldName": "CASSANDRA_KEYSPACE",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "cassandra_options",
  "oldName": "CASSANDRA_OPTIONS",
  "type": "dict",
  "default": {},
  "since": "5.2",
  "description": ""
 },
 {
  "name": "cassandra_port",
  "oldName": "CASSANDRA_PORT",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "cassandra_read_consistency",
  "oldName": "CASSANDRA_READ_CONSISTENCY",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "cassandra_servers",
  "oldName": "CASSANDRA_SERVERS",
  "type": "list",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "cassandra_table",
  "oldName": "CASSANDRA_TABLE",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "cassandra_write_consistency",
  "oldName": "CASSANDRA_WRITE_CONSISTENCY",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "control_exchange",
  "oldName": "CONTROL_EXCHANGE",
  "type": "string",
  "default": "celery",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "control_queue_durable",
  "oldName": "CONTROL_QUEUE_DURABLE",
  "type": "bool",
  "default": false,
  "since": "5.6",
  "description": ""
 },
 {
  "name": "control_queue_exclusive",
  "oldName": "CONTROL_QUEUE_EXCLUSIVE",
  "type": "bool",
  "default": true,
  "since": "5.6",
  "description": ""
 },
 {
  "name": "control_queue_expires",
  "oldName": "CONTROL_QUEUE_EXPIRES",
  "type": "float",
  "default": 10.0,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "control_queue_ttl",
  "oldName": "CONTROL_QUEUE_TTL",
  "type": "float",
  "default": 300.0,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "cosmosdbsql_collection_name",
  "oldName": "COSMOSDBSQL_COLLECTION_NAME",
  "type": "string",
  "default": "celerycol",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "cosmosdbsql_consistency_level",
  "oldName": "COSMOSDBSQL_CONSISTENCY_LEVEL",
  "type": "string",
  "default": "Session",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "cosmosdbsql_database_name",
  "oldName": "COSMOSDBSQL_DATABASE_NAME",
  "type": "string",
  "default": "celerydb",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "cosmosdbsql_max_retry_attempts",
  "oldName": "COSMOSDBSQL_MAX_RETRY_ATTEMPTS",
  "type": "int",
  "default": 9,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "cosmosdbsql_max_retry_wait_time",
  "oldName": "COSMOSDBSQL_MAX_RETRY_WAIT_TIME",
  "type": "int",
  "default": 30,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "couchbase_backend_settings",
  "oldName": "CELERY_COUCHBASE_BACKEND_SETTINGS",
  "type": "dict",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "database_create_tables_at_setup",
  "oldName": "DATABASE_CREATE_TABLES_AT_SETUP",
  "type": "bool",
  "default": true,
  "since": "5.5",
  "description": ""
 },
 {
  "name": "database_engine_callback",
  "oldName": "DATABASE_ENGINE_CALLBACK",
  "type": "any",
  "default": null,
  "since": "5.7",
  "description": ""
 },
 {
  "name": "database_engine_options",
  "oldName": "CELERY_RESULT_ENGINE_OPTIONS",
  "type": "dict",
  "default": {
   "pool_pre_ping": true,
   "pool_recycle": 3600
  },
  "since": "5.2",
  "description": ""
 },
 {
  "name": "database_short_lived_sessions",
  "oldName": "CELERY_RESULT_DB_SHORT_LIVED_SESSIONS",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "database_table_names",
  "oldName": "CELERY_RESULT_DB_TABLENAMES",
  "type": "dict",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "database_table_schemas",
  "oldName": "DATABASE_TABLE_SCHEMAS",
  "type": "dict",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "database_url",
  "oldName": "CELERY_RESULT_DBURI",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "elasticsearch_max_retries",
  "oldName": "CELERY_ELASTICSEARCH_MAX_RETRIES",
  "type": "int",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "elasticsearch_retry_on_timeout",
  "oldName": "CELERY_ELASTICSEARCH_RETRY_ON_TIMEOUT",
  "type": "bool",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "elasticsearch_save_meta_as_text",
  "oldName": "CELERY_ELASTICSEARCH_SAVE_META_AS_TEXT",
  "type": "bool",
  "default": true,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "elasticsearch_timeout",
  "oldName": "CELERY_ELASTICSEARCH_TIMEOUT",
  "type": "float",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "enable_utc",
  "oldName": "ENABLE_UTC",
  "type": "bool",
  "default": true,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "event_exchange",
  "oldName": "CELERY_EVENT_EXCHANGE",
  "type": "string",
  "default": "celeryev",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "event_queue_durable",
  "oldName": "CELERY_EVENT_QUEUE_DURABLE",
  "type": "bool",
  "default": false,
  "since": "5.6",
  "description": ""
 },
 {
  "name": "event_queue_exclusive",
  "oldName": "CELERY_EVENT_QUEUE_EXCLUSIVE",
  "type": "bool",
  "default": true,
  "since": "5.6",
  "description": ""
 },
 {
  "name": "event_queue_expires",
  "oldName": "CELERY_EVENT_QUEUE_EXPIRES",
  "type": "float",
  "default": 60.0,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "event_queue_prefix",
  "oldName": "CELERY_EVENT_QUEUE_PREFIX",
  "type": "string",
  "default": "celeryev",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "event_queue_ttl",
  "oldName": "CELERY_EVENT_QUEUE_TTL",
  "type": "float",
  "default": 5.0,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "event_serializer",
  "oldName": "CELERY_EVENT_SERIALIZER",
  "type": "string",
  "default": "json",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "gcs_base_path",
  "oldName": "GCS_BASE_PATH",
  "type": "string",
  "default": "",
  "since": "5.4",
  "description": ""
 },
 {
  "name": "gcs_bucket",
  "oldName": "GCS_BUCKET",
  "type": "string",
  "default": null,
  "since": "5.4",
  "description": ""
 },
 {
  "name": "gcs_project",
  "oldName": "GCS_PROJECT",
  "type": "string",
  "default": null,
  "since": "5.4",
  "description": ""
 },
 {
  "name": "gcs_ttl",
  "oldName": "GCS_TTL",
  "type": "float",
  "default": 0,
  "since": "5.4",
  "description": ""
 },
 {
  "name": "imports",
  "oldName": "CELERY_IMPORTS",
  "type": "tuple",
  "default": {
   "$tuple": []
  },
  "since": "5.2",
  "description": ""
 },
 {
  "name": "include",
  "oldName": "CELERY_INCLUDE",
  "type": "tuple",
  "default": {
   "$tuple": []
  },
  "since": "5.2",
  "description": ""
 },
 {
  "name": "mongodb_backend_settings",
  "oldName": "CELERY_MONGODB_BACKEND_SETTINGS",
  "type": "dict",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "redis_backend_use_ssl",
  "oldName": "CELERY_REDIS_BACKEND_USE_SSL",
  "type": "dict",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "redis_db",
  "oldName": "CELERY_REDIS_DB",
  "type": "int",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "redis_host",
  "oldName": "CELERY_REDIS_HOST",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "redis_max_connections",
  "oldName": "CELERY_REDIS_MAX_CONNECTIONS",
  "type": "int",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "redis_password",
  "oldName": "CELERY_REDIS_PASSWORD",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "redis_port",
  "oldName": "CELERY_REDIS_PORT",
  "type": "int",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "redis_retry_on_timeout",
  "oldName": "CELERY_REDIS_RETRY_ON_TIMEOUT",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "redis_socket_connect_timeout",
  "oldName": "CELERY_REDIS_SOCKET_CONNECT_TIMEOUT",
  "type": "float",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "redis_socket_keepalive",
  "oldName": "CELERY_REDIS_SOCKET_KEEPALIVE",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "redis_socket_timeout",
  "oldName": "CELERY_REDIS_SOCKET_TIMEOUT",
  "type": "float",
  "default": 120.0,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "redis_username",
  "oldName": "CELERY_REDIS_USERNAME",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "result_accept_content",
  "oldName": "RESULT_ACCEPT_CONTENT",
  "type": "list",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "result_backend",
  "oldName": "CELERY_RESULT_BACKEND",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "result_backend_always_retry",
  "oldName": "CELERY_RESULT_BACKEND_ALWAYS_RETRY",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "result_backend_base_sleep_between_retries_ms",
  "oldName": "CELERY_RESULT_BACKEND_BASE_SLEEP_BETWEEN_RETRIES_MS",
  "type": "int",
  "default": 10,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "result_backend_max_retries",
  "oldName": "CELERY_RESULT_BACKEND_MAX_RETRIES",
  "type": "float",
  "default": {
   "$float": "inf"
  },
  "since": "5.2",
  "description": ""
 },
 {
  "name": "result_backend_max_sleep_between_retries_ms",
  "oldName": "CELERY_RESULT_BACKEND_MAX_SLEEP_BETWEEN_RETRIES_MS",
  "type": "int",
  "default": 10000,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "result_backend_transport_options",
  "oldName": "CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS",
  "type": "dict",
  "default": {},
  "since": "5.2",
  "description": ""
 },
 {
  "name": "result_cache_max",
  "oldName": "CELERY_MAX_CACHED_RESULTS",
  "type": "int",
  "default": -1,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "result_chord_join_timeout",
  "oldName": "CELERY_RESULT_CHORD_JOIN_TIMEOUT",
  "type": "float",
  "default": 3.0,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "result_chord_retry_interval",
  "oldName": "CELERY_RESULT_CHORD_RETRY_INTERVAL",
  "type": "float",
  "default": 1.0,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "result_compression",
  "oldName": "CELERY_RESULT_COMPRESSION",
  "type": "str",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "result_exchange",
  "oldName": "CELERY_RESULT_EXCHANGE",
  "type": "string",
  "default": "celeryresults",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "result_exchange_type",
  "oldName": "CELERY_RESULT_EXCHANGE_TYPE",
  "type": "string",
  "default": "direct",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "result_expires",
  "oldName": "CELERY_TASK_RESULT_EXPIRES",
  "type": "float",
  "default": {
   "$timedelta": 86400.0
  },
  "since": "5.2",
  "description": ""
 },
 {
  "name": "result_extended",
  "oldName": "CELERY_RESULT_EXTENDED",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "result_persistent",
  "oldName": "CELERY_RESULT_PERSISTENT",
  "type": "bool",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "result_serializer",
  "oldName": "CELERY_RESULT_SERIALIZER",
  "type": "string",
  "default": "json",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "s3_access_key_id",
  "oldName": "S3_ACCESS_KEY_ID",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "s3_base_path",
  "oldName": "S3_BASE_PATH",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "s3_bucket",
  "oldName": "S3_BUCKET",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "s3_endpoint_url",
  "oldName": "S3_ENDPOINT_URL",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "s3_region",
  "oldName": "S3_REGION",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "s3_secret_access_key",
  "oldName": "S3_SECRET_ACCESS_KEY",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "security_cert_store",
  "oldName": "CELERY_SECURITY_CERT_STORE",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "security_certificate",
  "oldName": "CELERY_SECURITY_CERTIFICATE",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "security_digest",
  "oldName": "CELERY_SECURITY_DIGEST",
  "type": "string",
  "default": "sha256",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "security_key",
  "oldName": "CELERY_SECURITY_KEY",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "security_key_password",
  "oldName": "CELERY_SECURITY_KEY_PASSWORD",
  "type": "bytes",
  "default": null,
  "since": "5.3",
  "description": ""
 },
 {
  "name": "task_acks_late",
  "oldName": "CELERY_ACKS_LATE",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_acks_on_failure",
  "oldName": "CELERY_ACKS_ON_FAILURE",
  "type": "bool",
  "default": null,
  "since": "5.7",
  "description": ""
 },
 {
  "name": "task_acks_on_failure_or_timeout",
  "oldName": "CELERY_ACKS_ON_FAILURE_OR_TIMEOUT",
  "type": "bool",
  "default": true,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_acks_on_timeout",
  "oldName": "CELERY_ACKS_ON_TIMEOUT",
  "type": "bool",
  "default": null,
  "since": "5.7",
  "description": ""
 },
 {
  "name": "task_allow_error_cb_on_chord_header",
  "oldName": "CELERY_ALLOW_ERROR_CB_ON_CHORD_HEADER",
  "type": "bool",
  "default": false,
  "since": "5.3",
  "description": ""
 },
 {
  "name": "task_always_eager",
  "oldName": "CELERY_ALWAYS_EAGER",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_annotations",
  "oldName": "CELERY_ANNOTATIONS",
  "type": "any",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_compression",
  "oldName": "CELERY_MESSAGE_COMPRESSION",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_create_missing_queue_exchange_type",
  "oldName": "CELERY_CREATE_MISSING_QUEUE_EXCHANGE_TYPE",
  "type": "string",
  "default": null,
  "since": "5.6",
  "description": ""
 },
 {
  "name": "task_create_missing_queue_type",
  "oldName": "CELERY_CREATE_MISSING_QUEUE_TYPE",
  "type": "string",
  "default": "classic",
  "since": "5.6",
  "description": ""
 },
 {
  "name": "task_create_missing_queues",
  "oldName": "CELERY_CREATE_MISSING_QUEUES",
  "type": "bool",
  "default": true,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_default_delivery_mode",
  "oldName": "CELERY_DEFAULT_DELIVERY_MODE",
  "type": "string",
  "default": 2,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_default_exchange",
  "oldName": "CELERY_DEFAULT_EXCHANGE",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_default_exchange_type",
  "oldName": "CELERY_DEFAULT_EXCHANGE_TYPE",
  "type": "string",
  "default": "direct",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_default_priority",
  "oldName": "CELERY_DEFAULT_PRIORITY",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_default_queue",
  "oldName": "CELERY_DEFAULT_QUEUE",
  "type": "string",
  "default": "celery",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_default_queue_type",
  "oldName": "CELERY_DEFAULT_QUEUE_TYPE",
  "type": "string",
  "default": "classic",
  "since": "5.5",
  "description": ""
 },
 {
  "name": "task_default_rate_limit",
  "oldName": "CELERY_DEFAULT_RATE_LIMIT",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_default_routing_key",
  "oldName": "CELERY_DEFAULT_ROUTING_KEY",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_eager_propagates",
  "oldName": "CELERY_EAGER_PROPAGATES_EXCEPTIONS",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_ignore_result",
  "oldName": "CELERY_IGNORE_RESULT",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_inherit_parent_priority",
  "oldName": "CELERY_INHERIT_PARENT_PRIORITY",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_protocol",
  "oldName": "CELERY_TASK_PROTOCOL",
  "type": "int",
  "default": 2,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_publish_retry",
  "oldName": "CELERY_TASK_PUBLISH_RETRY",
  "type": "bool",
  "default": true,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_publish_retry_policy",
  "oldName": "CELERY_TASK_PUBLISH_RETRY_POLICY",
  "type": "dict",
  "default": {
   "max_retries": 3,
   "interval_start": 0,
   "interval_max": 1,
   "interval_step": 0.2
  },
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_queue_max_priority",
  "oldName": "CELERY_QUEUE_MAX_PRIORITY",
  "type": "int",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_queues",
  "oldName": "CELERY_QUEUES",
  "type": "dict",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_reject_on_worker_lost",
  "oldName": "CELERY_REJECT_ON_WORKER_LOST",
  "type": "bool",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_remote_tracebacks",
  "oldName": "CELERY_REMOTE_TRACEBACKS",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_routes",
  "oldName": "CELERY_ROUTES",
  "type": "any",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_send_sent_event",
  "oldName": "CELERY_SEND_TASK_SENT_EVENT",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_serializer",
  "oldName": "CELERY_TASK_SERIALIZER",
  "type": "string",
  "default": "json",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_soft_time_limit",
  "oldName": "CELERYD_TASK_SOFT_TIME_LIMIT",
  "type": "float",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_store_eager_result",
  "oldName": "CELERY_STORE_EAGER_RESULT",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_store_errors_even_if_ignored",
  "oldName": "CELERY_STORE_ERRORS_EVEN_IF_IGNORED",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_time_limit",
  "oldName": "CELERYD_TASK_TIME_LIMIT",
  "type": "float",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "task_track_started",
  "oldName": "CELERY_TRACK_STARTED",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "timezone",
  "oldName": "CELERY_TIMEZONE",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_agent",
  "oldName": "CELERYD_AGENT",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_autoscaler",
  "oldName": "CELERYD_AUTOSCALER",
  "type": "string",
  "default": "celery.worker.autoscale:Autoscaler",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_cancel_long_running_tasks_on_connection_loss",
  "oldName": "CELERYD_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_concurrency",
  "oldName": "CELERYD_CONCURRENCY",
  "type": "int",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_consumer",
  "oldName": "CELERYD_CONSUMER",
  "type": "string",
  "default": "celery.worker.consumer:Consumer",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_deduplicate_successful_tasks",
  "oldName": "CELERYD_DEDUPLICATE_SUCCESSFUL_TASKS",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_detect_quorum_queues",
  "oldName": "CELERYD_DETECT_QUORUM_QUEUES",
  "type": "bool",
  "default": true,
  "since": "5.5",
  "description": ""
 },
 {
  "name": "worker_direct",
  "oldName": "CELERY_WORKER_DIRECT",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_disable_prefetch",
  "oldName": "CELERYD_DISABLE_PREFETCH",
  "type": "bool",
  "default": false,
  "since": "5.6",
  "description": ""
 },
 {
  "name": "worker_disable_rate_limits",
  "oldName": "CELERY_DISABLE_RATE_LIMITS",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_enable_prefetch_count_reduction",
  "oldName": "CELERYD_ENABLE_PREFETCH_COUNT_REDUCTION",
  "type": "bool",
  "default": true,
  "since": "5.4",
  "description": ""
 },
 {
  "name": "worker_enable_remote_control",
  "oldName": "CELERY_ENABLE_REMOTE_CONTROL",
  "type": "bool",
  "default": true,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_enable_soft_shutdown_on_idle",
  "oldName": "CELERYD_ENABLE_SOFT_SHUTDOWN_ON_IDLE",
  "type": "bool",
  "default": false,
  "since": "5.5",
  "description": ""
 },
 {
  "name": "worker_eta_task_limit",
  "oldName": "CELERYD_ETA_TASK_LIMIT",
  "type": "int",
  "default": null,
  "since": "5.6",
  "description": ""
 },
 {
  "name": "worker_hijack_root_logger",
  "oldName": "CELERYD_HIJACK_ROOT_LOGGER",
  "type": "bool",
  "default": true,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_log_color",
  "oldName": "CELERYD_LOG_COLOR",
  "type": "bool",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_log_format",
  "oldName": "CELERYD_LOG_FORMAT",
  "type": "string",
  "default": "[%(asctime)s: %(levelname)s/%(processName)s] %(message)s",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_lost_wait",
  "oldName": "CELERYD_WORKER_LOST_WAIT",
  "type": "float",
  "default": 10.0,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_max_memory_per_child",
  "oldName": "CELERYD_MAX_MEMORY_PER_CHILD",
  "type": "int",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_max_tasks_per_child",
  "oldName": "CELERYD_MAX_TASKS_PER_CHILD",
  "type": "int",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_pool",
  "oldName": "CELERYD_POOL",
  "type": "string",
  "default": "prefork",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_pool_putlocks",
  "oldName": "CELERYD_POOL_PUTLOCKS",
  "type": "bool",
  "default": true,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_pool_restarts",
  "oldName": "CELERYD_POOL_RESTARTS",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_prefetch_multiplier",
  "oldName": "CELERYD_PREFETCH_MULTIPLIER",
  "type": "int",
  "default": 4,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_proc_alive_timeout",
  "oldName": "CELERYD_PROC_ALIVE_TIMEOUT",
  "type": "float",
  "default": 4.0,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_redirect_stdouts",
  "oldName": "CELERY_REDIRECT_STDOUTS",
  "type": "bool",
  "default": true,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_redirect_stdouts_level",
  "oldName": "CELERY_REDIRECT_STDOUTS_LEVEL",
  "type": "string",
  "default": "WARNING",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_send_task_events",
  "oldName": "CELERY_SEND_EVENTS",
  "type": "bool",
  "default": false,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_soft_shutdown_timeout",
  "oldName": "CELERYD_SOFT_SHUTDOWN_TIMEOUT",
  "type": "float",
  "default": 0.0,
  "since": "5.5",
  "description": ""
 },
 {
  "name": "worker_state_db",
  "oldName": "CELERYD_STATE_DB",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_task_log_format",
  "oldName": "CELERYD_TASK_LOG_FORMAT",
  "type": "string",
  "default": "[%(asctime)s: %(levelname)s/%(processName)s] %(task_name)s[%(task_id)s]: %(message)s",
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_timer",
  "oldName": "CELERYD_TIMER",
  "type": "string",
  "default": null,
  "since": "5.2",
  "description": ""
 },
 {
  "name": "worker_timer_precision",
  "oldName": "CELERYD_TIMER_PRECISION",
  "type": "float",
  "default": 1.0,
  "since": "5.2",
  "description": ""
 }
];
