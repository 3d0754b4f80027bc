# Sourced by .ci/run: installs PostgreSQL if missing, starts a cluster, creates the test role and
# database, and exports MARGIN_TEST_PG_URL for the store tests. Idempotent: safe to run again on
# a machine where the server is already installed or running. Needs root (CI runs as root).
margin_pg_setup() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
  fi
  local version
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
    pg_createcluster "$version" main
  fi
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
    pg_ctlcluster "$version" main start
  fi
  local port
  port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
  local psql=(runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qtA)
  if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = 'margin'")" != "1" ]; then
    "${psql[@]}" -c "CREATE ROLE margin LOGIN PASSWORD 'margin'"
  fi
  if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = 'margin_test'")" != "1" ]; then
    "${psql[@]}" -c "CREATE DATABASE margin_test OWNER margin"
  fi
  export MARGIN_TEST_PG_URL="postgres://margin:margin@127.0.0.1:${port}/margin_test"
  echo "PostgreSQL ${version} on port ${port}: MARGIN_TEST_PG_URL=${MARGIN_TEST_PG_URL}"
}
margin_pg_setup
