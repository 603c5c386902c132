#!/bin/sh
# Writes the secrets of a compose run once, into the folder given (default: docker/secrets beside
# this script); never overwrites them. Run by the compose service `secrets`, or by hand:
#   sh docker/make-secrets.sh
# Keep a copy of app.env somewhere safe: without NIK_ENCRYPTION_KEYS the stored NIKs cannot be read.
set -eu
dir="${1:-$(dirname "$0")/secrets}"
mkdir -p "$dir"
if [ -f "$dir/app.env" ]; then
  echo "secrets already in $dir: kept"
  exit 0
fi
b64() { head -c "$1" /dev/urandom | base64 | tr -d '\n'; }
hex() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }
pg_password=$(hex 24)
minio_password=$(hex 24)
s3_secret=$(hex 24)
# Readable by the containers that mount the folder (PostgreSQL and the app do not run as root).
umask 022
printf '%s' "$pg_password" > "$dir/postgres_password"
cat > "$dir/minio.env" <<EOT
MINIO_ROOT_USER=mitra-root
MINIO_ROOT_PASSWORD=$minio_password
EOT
# app.env last: its presence means the set is complete.
cat > "$dir/app.env.tmp" <<EOT
JWT_SECRET=$(hex 32)
NIK_ENCRYPTION_KEYS=k1:$(b64 32)
NIK_HASH_KEY=$(b64 32)
DATABASE_URL=postgres://mitra:$pg_password@db:5432/mitra
AWS_ACCESS_KEY_ID=mitra-app
AWS_SECRET_ACCESS_KEY=$s3_secret
EOT
mv "$dir/app.env.tmp" "$dir/app.env"
echo "secrets written to $dir"
