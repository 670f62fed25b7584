/**
 * Gives the embedded Firestore emulator (@firestore-emulator/server) two query rules of real Firestore it lacks
 * (cases of functions/test/conformance/, listed in docs/architecture.md):
 *   - a query ordered by a field returns only documents that have the field (Firestore's documented "an orderBy
 *     clause also filters for existence of the given field"); the emulator sorted them last and returned them;
 *   - a projection (`select(...)`) returns only the selected fields (`select()` none: the name alone); the
 *     emulator returned whole documents.
 */
"use strict";

const SERVICE = "/google.firestore.v1.Firestore/";
const NAME = "__name__";

function orderByFiltersExistence(firestoreServer) {
  const state = firestoreServer.state;
  const original = state.v1Query.bind(state);
  state.v1Query = (parent, query) => {
    const docs = original(parent, query);
    const fields = query.order_by.map((o) => o.field.field_path).filter((path) => path !== NAME);
    if (fields.length === 0) return docs;
    // The emulator sorts documents without the field after the others, so dropping them after its limit keeps
    // the first `limit` of those that have it.
    return docs.filter((doc) => fields.every((path) => doc.getField(path) !== undefined));
  };
}

function projections(firestoreServer) {
  const handler = firestoreServer.server.handlers.get(SERVICE + "RunQuery");
  const original = handler.func;
  handler.func = (call) => {
    const query = call.request.structured_query;
    if (!query.has_select) return original(call);
    const kept = new Set(query.select.fields.map((f) => f.field_path));
    const write = call.write.bind(call);
    call.write = (message, ...rest) => {
      if (message.has_document) {
        const fields = message.document.fields;
        for (const key of [...fields.keys()]) if (!kept.has(key)) fields.delete(key);
      }
      return write(message, ...rest);
    };
    return original(call);
  };
}

module.exports = { orderByFiltersExistence, projections };
