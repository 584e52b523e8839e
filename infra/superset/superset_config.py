# Superset configuration of the Dalian governance platform (Superset reads the file named by
# SUPERSET_CONFIG_PATH; infra/lib/superset.sh points it here). Every value that differs between
# machines comes from the environment infra/lib/superset.sh sets from infra/config/platform.env;
# secrets are read from their files under var/secrets/, never written here.
import os


def _env(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(
            f"{name} is not set: start Superset with infra/platform up superset "
            "(infra/lib/superset.sh sets it from infra/config/platform.env)")
    return value


def _secret(name):
    path = _env(name)
    try:
        with open(path, encoding="utf-8") as file:
            value = file.read().strip()
    except OSError as error:
        raise RuntimeError(f"cannot read {path} ({name}): {error}") from error
    if not value:
        raise RuntimeError(f"{path} ({name}) is empty")
    return value


# Metadata database: the platform's PostgreSQL, database and role of SUPERSET_METADATA_DB.
SQLALCHEMY_DATABASE_URI = "postgresql+psycopg2://{user}:{password}@{host}:{port}/{db}".format(
    user=_env("GOV_SUPERSET_DB_USER"),
    password=_secret("GOV_SUPERSET_DB_PASSWORD_FILE"),
    host=_env("GOV_SUPERSET_DB_HOST"),
    port=_env("GOV_SUPERSET_DB_PORT"),
    db=_env("GOV_SUPERSET_DB_NAME"),
)
# Signs sessions and encrypts connection secrets; generated once into var/secrets/ (chmod 600).
SECRET_KEY = _secret("GOV_SUPERSET_SECRET_KEY_FILE")

FEATURE_FLAGS = {
    # A dashboard with roles is visible to those roles, and its charts' data with it: the leader
    # role views the dashboards of dashboards/ without any right on datasets or databases.
    "DASHBOARD_RBAC": True,
}

# Local service on loopback, plain HTTP: no HTTPS redirects, cookies not marked Secure.
TALISMAN_ENABLED = False
SESSION_COOKIE_SECURE = False
SESSION_COOKIE_SAMESITE = "Lax"
# The API token (/api/v1/security/login) is used by the tests and scripts over loopback.
WTF_CSRF_ENABLED = True
WTF_CSRF_TIME_LIMIT = None

# Superset's default caches stay: no data cache (every chart asks Trino, so numbers are never
# stale), filter and explore state in the metadata database. Rate limits, if enabled, in memory.
RATELIMIT_STORAGE_URI = "memory://"

SUPERSET_WEBSERVER_TIMEOUT = int(os.environ.get("GOV_SUPERSET_TIMEOUT_S", "120"))
ROW_LIMIT = 10000
