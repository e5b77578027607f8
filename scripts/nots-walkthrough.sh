#!/usr/bin/env bash
# The operator's side of NOTS with curl alone, on a fresh `./run.sh` (demo data seeded):
# the owner signs in (enrolling MFA), onboards a driver and a vehicle, uploads and verifies their documents,
# sees dispatch refused while a vehicle's MOT is expired, verifies a fresh MOT, takes a paid booking,
# auto-dispatches it, the driver accepts and walks the job to completed, and the owner reads the statutory
# record, the audit log, analytics and the customer's notifications.
#
#   scripts/nots-walkthrough.sh [base-url]
#
# Environment: OWNER_EMAIL (owner@nots.demo), OWNER_PASSWORD (DEMO_PASSWORD from data/demo-credentials.env),
# MAIL_DIR (data/mail/nots: the pickup folder the invitation e-mail lands in), OWNER_TOTP_SECRET (set once the
# owner has enrolled MFA; printed by this script when it enrols). Needs curl, jq and python3 (TOTP codes).
# Prints each step; exits non-zero at the first step that does not give what the step expects.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=${1:-http://localhost:5080}
if [ -z "${OWNER_PASSWORD:-}" ] && [ -f data/demo-credentials.env ]; then
  # shellcheck disable=SC1091
  . data/demo-credentials.env
  OWNER_PASSWORD=$DEMO_PASSWORD
fi
OWNER_EMAIL=${OWNER_EMAIL:-owner@nots.demo}
OWNER_PASSWORD=${OWNER_PASSWORD:?set OWNER_PASSWORD (or run ./run.sh first)}
MAIL_DIR=${MAIL_DIR:-data/mail/nots}
RUN=$(date +%s)$RANDOM
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

# api EXPECTED-STATUS METHOD PATH [JSON-BODY] [TOKEN] -> response body on stdout
api() {
  local expected=$1 method=$2 path=$3 body=${4:-} token=${5:-}
  local args=(-s -o "$WORK/body" -w '%{http_code}' -X "$method" "$BASE$path" -H 'Accept: application/json')
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data "$body")
  local status
  status=$(curl "${args[@]}")
  [ "$status" = "$expected" ] || fail "$method $path answered $status, expected $expected: $(cat "$WORK/body")"
  cat "$WORK/body"
}

totp() { # base32 secret -> current 6-digit code (RFC 6238, SHA-1, 30 s)
  python3 - "$1" <<'PY'
import base64, hashlib, hmac, struct, sys, time
key = base64.b32decode(sys.argv[1].upper() + "=" * (-len(sys.argv[1]) % 8))
mac = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
offset = mac[-1] & 15
print("%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7fffffff) % 1000000))
PY
}

upload() { # token ownerType ownerId documentType expiresOn [issuedOn] -> document id
  local args=(-s -o "$WORK/body" -w '%{http_code}' -X POST "$BASE/v1/compliance" -H "Authorization: Bearer $1"
    -F "ownerType=$2" -F "ownerId=$3" -F "documentType=$4" -F "expiresOn=$5" -F "file=@$WORK/scan.pdf;type=application/pdf")
  [ -n "${6:-}" ] && args+=(-F "issuedOn=$6")
  local status
  status=$(curl "${args[@]}")
  [ "$status" = 201 ] || fail "upload $4 answered $status: $(cat "$WORK/body")"
  jq -r .id "$WORK/body"
}

day() { date -u -d "$1" +%Y-%m-%d; }

step "Owner signs in (enrolling an authenticator app the first time)"
status=$(curl -s -o "$WORK/body" -w '%{http_code}' -X POST "$BASE/v1/auth/token" -H 'Content-Type: application/json' \
  --data "$(jq -nc --arg e "$OWNER_EMAIL" --arg p "$OWNER_PASSWORD" --arg c "${OWNER_TOTP_SECRET:+$(totp "${OWNER_TOTP_SECRET:-A}")}" '{email:$e,password:$p,mfaCode:$c}')")
if [ "$status" = 403 ] && [ "$(jq -r .code "$WORK/body")" = mfa_enrollment_required ]; then
  enrol=$(jq -r .enrollmentToken "$WORK/body")
  OWNER_TOTP_SECRET=$(api 200 POST /v1/auth/mfa/setup '' "$enrol" | jq -r .secret)
  echo "authenticator secret (keep it for the next run: OWNER_TOTP_SECRET=$OWNER_TOTP_SECRET)"
  OWNER=$(api 200 POST /v1/auth/mfa/verify "$(jq -nc --arg c "$(totp "$OWNER_TOTP_SECRET")" '{code:$c}')" "$enrol" | jq -r .accessToken)
elif [ "$status" = 200 ]; then
  OWNER=$(jq -r .accessToken "$WORK/body")
else
  fail "owner sign-in answered $status: $(cat "$WORK/body")"
fi
echo "signed in as $OWNER_EMAIL"

step "Onboard a driver (the invitation e-mail carries a set-password link)"
email="walt.$RUN@example.com"
driver=$(api 201 POST /v1/drivers "$(jq -nc --arg e "$email" --arg b "PHD-W$RUN" --arg l "WALKE801155WW9$(python3 -c 'import random, string; print("".join(random.choice(string.ascii_uppercase) for _ in range(2)))')" \
  '{name:"Walt Walker", email:$e, phone:"07700 900555", licenceNumber:$l, badgeNumber:($b[0:20])}')" "$OWNER")
DRIVER_ID=$(jq -r .id <<<"$driver")
echo "driver $DRIVER_ID, status $(jq -r .status <<<"$driver"), compliant $(jq -r .compliant <<<"$driver")"
link=""
for _ in $(seq 1 100); do
  link=$(python3 - "$MAIL_DIR" "$email" <<'PY'
import email, email.policy, glob, re, sys
for path in glob.glob(sys.argv[1] + "/*.eml"):
    with open(path, "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    if message["To"] and sys.argv[2] in message["To"]:
        found = re.search(r"https?://\S*set-password\?\S+", message.get_body(("plain",)).get_content())
        if found:
            print(found.group(0))
            break
PY
)
  [ -n "$link" ] && break
  sleep 0.2
done
[ -n "$link" ] || fail "no invitation e-mail to $email in $MAIL_DIR"
token=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.parse_qs(urllib.parse.urlparse(sys.argv[1]).query)["token"][0])' "$link")
api 204 POST /v1/auth/password/reset "$(jq -nc --arg e "$email" --arg t "$token" '{email:$e, token:$t, newPassword:"Walt chose this password"}')" >/dev/null
DRIVER=$(api 200 POST /v1/auth/token "$(jq -nc --arg e "$email" '{email:$e, password:"Walt chose this password"}')" | jq -r .accessToken)
echo "the driver set a password from the invitation and signed in"

step "Register a vehicle for the driver"
vehicle=$(api 201 POST /v1/vehicles "$(jq -nc --arg d "$DRIVER_ID" --arg r "WK$((RUN % 90 + 10)) WLK" --arg p "PHV-W$((RUN % 100000))" \
  '{registration:$r, make:"Skoda", model:"Superb Estate", colour:"Grey", vehicleClass:"estate", seats:4, suitcases:4, plateNumber:$p, driverIds:[$d]}')" "$OWNER")
VEHICLE_ID=$(jq -r .id <<<"$vehicle")
echo "vehicle $(jq -r .registration <<<"$vehicle") ($VEHICLE_ID)"

step "Upload and verify the driver's and the vehicle's documents"
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' > "$WORK/scan.pdf"
for type in driving-licence ph-badge medical right-to-work; do
  id=$(upload "$OWNER" driver "$DRIVER_ID" "$type" "$(day '+2 years')")
  api 200 POST "/v1/compliance/$id/verify" '' "$OWNER" >/dev/null
done
id=$(upload "$OWNER" driver "$DRIVER_ID" dbs "$(day '+3 years')" "$(day '-10 days')")
api 200 POST "/v1/compliance/$id/verify" '' "$OWNER" >/dev/null
for type in v5c mot insurance plate-licence; do
  id=$(upload "$OWNER" vehicle "$VEHICLE_ID" "$type" "$(day '+1 year')")
  api 200 POST "/v1/compliance/$id/verify" '' "$OWNER" >/dev/null
done
echo "driver compliant: $(api 200 GET "/v1/drivers/$DRIVER_ID" '' "$OWNER" | jq -r .compliant), vehicle compliant: $(api 200 GET "/v1/vehicles/$VEHICLE_ID" '' "$OWNER" | jq -r .compliant)"

step "The driver goes on duty and reports a position at Heathrow"
api 200 PATCH /v1/drivers/me '{"onDuty":true}' "$DRIVER" | jq -c '{onDuty}'
api 200 POST /v1/dispatch/positions '{"lat":51.4713,"lng":-0.4530,"accuracy":15}' "$DRIVER" | jq -c '{lat, lng}'

step "A customer books and pays: Heathrow to Poole, tomorrow"
pickup_at=$(date -u -d '+1 day' +%Y-%m-%dT%H:00:00Z)
quote=$(api 201 POST /v1/quotes "$(jq -nc --arg t "$pickup_at" '{pickup:{place:"LHR"}, dropoff:{postcode:"BH15 1AA"}, pickupAt:$t, passengers:2, suitcases:3, flightNumber:"BA117"}')")
echo "quote $(jq -r .id <<<"$quote"): estate £$(jq -r '.options[] | select(.vehicleClass=="estate") | .totalPence / 100' <<<"$quote")"
booking=$(api 201 POST /v1/bookings "$(jq -nc --arg q "$(jq -r .id <<<"$quote")" \
  '{quoteId:$q, vehicleClass:"estate", passenger:{name:"Ann Walker", email:"ann.walker@example.com", phone:"07700 900123"}, flightNumber:"BA117"}')")
REFERENCE=$(jq -r .reference <<<"$booking")
MANAGE=$(jq -r .manageToken <<<"$booking")
payment=$(api 201 POST /v1/payments "$(jq -nc --arg r "$REFERENCE" --arg t "$MANAGE" '{bookingReference:$r, token:$t}')")
checkout=$(jq -r .checkoutUrl <<<"$payment")
form_token=$(curl -s "$checkout" | grep -o 'name="form_token" value="[^"]*"' | sed 's/.*value="//; s/"$//')
paid=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE$(python3 -c 'import sys, urllib.parse; u = urllib.parse.urlparse(sys.argv[1]); print(u.path + ("?" + u.query if u.query else ""))' "$checkout")" \
  --data-urlencode "form_token=$form_token" --data-urlencode "card_number=4242 4242 4242 4242" --data-urlencode "expiry=12/$(( $(date +%y) + 3 ))" --data-urlencode "cvc=123")
[ "$paid" = 303 ] || fail "the sandbox checkout answered $paid"
for _ in $(seq 1 100); do
  status=$(api 200 GET "/v1/bookings/$REFERENCE?token=$MANAGE" | jq -r .status)
  [ "$status" = Confirmed ] && break
  sleep 0.2
done
[ "$status" = Confirmed ] || fail "booking $REFERENCE is $status, not Confirmed"
echo "booking $REFERENCE confirmed and paid"
for _ in $(seq 1 100); do
  job=$(curl -s -H "Authorization: Bearer $OWNER" "$BASE/v1/dispatch/bookings/$REFERENCE")
  [ "$(jq -r '.id // empty' <<<"$job" 2>/dev/null)" != "" ] && break
  sleep 0.2
done
JOB_ID=$(jq -r .id <<<"$job")
echo "dispatch job $JOB_ID: $(jq -r .status <<<"$job")"

step "Dispatch is refused while the vehicle's MOT is expired (demo vehicle HN18 OLD, MOT lapsed 3 days ago)"
old=$(api 200 GET "/v1/vehicles" '' "$OWNER" | jq -c '[.items[] | select(.registration=="HN18 OLD")][0]')
OLD_ID=$(jq -r .id <<<"$old")
echo "HN18 OLD: compliant $(jq -r .compliant <<<"$old"), $(jq -r '.complianceIssues | join("; ")' <<<"$old")"
api 200 PATCH "/v1/vehicles/$OLD_ID" "$(jq -nc --argjson v "$(jq .version <<<"$old")" --arg d "$DRIVER_ID" --argjson ds "$(jq .driverIds <<<"$old")" '{driverIds: ($ds + [$d]), version:$v}')" "$OWNER" >/dev/null
refused=$(api 409 POST /v1/dispatch "$(jq -nc --arg r "$REFERENCE" --arg d "$DRIVER_ID" --arg v "$OLD_ID" '{bookingReference:$r, driverId:$d, vehicleId:$v, mode:"assign"}')" "$OWNER")
echo "409 $(jq -r .code <<<"$refused"): $(jq -r .detail <<<"$refused")"
[ "$(jq -r .code <<<"$refused")" = vehicle_not_compliant ] || fail "expected vehicle_not_compliant"

step "A fresh MOT for HN18 OLD is uploaded and verified"
id=$(upload "$OWNER" vehicle "$OLD_ID" mot "$(day '+1 year')" "$(day '-1 day')")
api 200 POST "/v1/compliance/$id/verify" '' "$OWNER" | jq -c '{documentType, status}'
echo "HN18 OLD compliant: $(api 200 GET "/v1/vehicles/$OLD_ID" '' "$OWNER" | jq -r .compliant)"

step "Auto-dispatch: the nearest eligible driver (Walt, at Heathrow) gets the offer"
api 201 POST /v1/dispatch "$(jq -nc --arg r "$REFERENCE" '{bookingReference:$r, mode:"auto"}')" "$OWNER" | jq -c '{jobId, status, driverId}'
offer=""
for _ in $(seq 1 100); do
  offer=$(api 200 GET /v1/dispatch/jobs '' "$DRIVER" | jq -c --arg j "$JOB_ID" '[.items[] | select(.id==$j)][0] // empty')
  [ -n "$offer" ] && break
  sleep 0.2
done
[ -n "$offer" ] || fail "the driver never got the offer"
echo "the driver sees: $(jq -c '{status, pickupAt, offerExpiresAt}' <<<"$offer")"

step "The driver accepts and walks the job to completed"
for action in accept en-route arrived on-board complete; do
  echo "$action -> $(api 200 PATCH "/v1/dispatch/$JOB_ID" "$(jq -nc --arg a "$action" '{action:$a}')" "$DRIVER" | jq -r .status)"
done
echo "booking: $(api 200 GET "/v1/bookings/$REFERENCE?token=$MANAGE" | jq -r .status)"

step "The statutory record (CSV; the PDF is format=pdf)"
from=$(date -u +%Y-%m-%d); to=$(date -u -d '+2 days' +%Y-%m-%d)
record=""
for _ in $(seq 1 100); do
  record=$(curl -s -H "Authorization: Bearer $OWNER" "$BASE/v1/records?from=$from&to=$to&format=csv" | grep "$REFERENCE" || true)
  grep -q "Walt Walker" <<<"$record" && break
  sleep 0.2
done
grep -q "Walt Walker" <<<"$record" || fail "no record row with the driver for $REFERENCE: $record"
echo "$record"
pdf=$(curl -s -o "$WORK/records.pdf" -w '%{http_code} %{content_type}' -H "Authorization: Bearer $OWNER" "$BASE/v1/records?from=$from&to=$to&format=pdf")
echo "PDF: $pdf, $(head -c 5 "$WORK/records.pdf")"

step "Audit log: the staff actions of this walk-through (newest first)"
audit=$(api 200 GET "/v1/audit?limit=30" '' "$OWNER")
jq -r '.items[] | "\(.occurredAt) \(.action) \(.subjectType) \(.summary)"' <<<"$audit" | head -15
for action in driver-onboarded vehicle-registered document-reviewed driver-assigned; do
  jq -e --arg a "$action" '[.items[] | select(.action | contains($a))] | length > 0' <<<"$audit" >/dev/null || fail "no '$action' entry in the audit log"
done

step "Analytics for today and tomorrow"
for _ in $(seq 1 50); do
  analytics=$(api 200 GET "/v1/analytics?from=$from&to=$to&groupBy=day" '' "$OWNER")
  [ "$(jq '.dispatch.offersAccepted // 0' <<<"$analytics")" -gt 0 ] && [ "$(jq '.totals.bookings' <<<"$analytics")" -gt 0 ] && break
  sleep 0.2
done
jq -c '{totals, dispatch, utilisation: [.driverUtilisation[]? | select(.driverName=="Walt Walker")]}' <<<"$analytics"
[ "$(jq '.totals.bookings' <<<"$analytics")" -gt 0 ] || fail "analytics counted no bookings"

step "The customer's notifications (delivery log)"
wanted="nots.booking.confirmed nots.booking.driver-assigned nots.booking.driver-en-route nots.booking.driver-arrived"
for _ in $(seq 1 150); do
  log=$(api 200 GET "/v1/admin/notifications?reference=$REFERENCE" '' "$OWNER")
  missing=""
  for template in $wanted; do
    for channel in Email Sms; do
      jq -e --arg t "$template" --arg c "$channel" '[.items[] | select(.templateKey == $t and (.channel | ascii_downcase) == ($c | ascii_downcase) and (.status | ascii_downcase) == "sent")] | length > 0' <<<"$log" >/dev/null \
        || missing="$missing $template/$channel"
    done
  done
  [ -z "$missing" ] && break
  sleep 0.2
done
jq -r '.items[] | "\(.channel) \(.templateKey) \(.status) -> \(.recipient)"' <<<"$log"
[ -z "$missing" ] || fail "not sent:$missing"

printf '\nWalk-through complete: booking %s, job %s, driver %s.\n' "$REFERENCE" "$JOB_ID" "$DRIVER_ID"
