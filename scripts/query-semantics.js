/**
 * Gives the embedded Firestore emulator (@firestore-emulator/server) projections, as real Firestore has them
 * (a case of functions/test/conformance/, listed in docs/architecture.md): a projection (`select(...)`) returns
 * only the selected fields (`select()`: none, the name alone); the emulator returned whole documents.
 */
"use strict";

const SERVICE = "/google.firestore.v1.Firestore/";

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

module.exports = { projections };
