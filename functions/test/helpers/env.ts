// Tests never reach a cloud: no Google metadata-server probing (it would try a non-loopback address),
// and a demo project id, which firebase-tools and firebase-admin treat as emulator-only.
process.env.METADATA_SERVER_DETECTION = "none";
process.env.GCLOUD_PROJECT = "demo-breath-master";
