/**
 * Gives the embedded Firestore emulator (@firestore-emulator/server) the write semantics it lacks, as real
 * Firestore documents them (each is a case of functions/test/conformance/, listed in docs/architecture.md):
 *   - `FieldValue.delete()`: the SDK sends the field in the write's update mask and not in its fields; Firestore
 *     then deletes it (in `update()`, in a transaction, and in `set(..., { merge: true })`). The emulator only
 *     writes the fields it was sent, so the field stayed. `deleteMaskedFields` removes it.
 *   - field transforms: `arrayUnion` / `arrayRemove` on a missing (or non-array) field make it an array (the
 *     elements / empty) in Firestore; the emulator threw. And it applied only the first of several array or
 *     timestamp transforms of one write. `completeTransforms` applies each one, as Firestore does.
 *   - atomic commits: Firestore applies all of a commit's writes or none. The emulator applied them one by one, so
 *     a write whose precondition failed (a `create()` of an existing document, an `update()` of a missing one)
 *     left the writes before it applied. `atomicCommits` checks every precondition before anything is written.
 */
"use strict";
const proto = require("@firestore-emulator/proto/dist/google/firestore/v1/write");

const SERVICE = "/google.firestore.v1.Firestore/";
const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;
const UNIMPLEMENTED = 12;

/** The top-level field names of a field mask path, or undefined for a nested path (`a.b`). */
function topLevelField(path) {
  if (path.startsWith("`") && path.endsWith("`") && path.indexOf("`", 1) === path.length - 1) return path.slice(1, -1).replace(/\\(.)/g, "$1");
  return path.includes(".") ? undefined : path;
}

function deleteMaskedFields(firestoreServer) {
  const state = firestoreServer.state;
  const original = state.writeV1Document.bind(state);
  state.writeV1Document = (date, write) => {
    const result = original(date, write);
    if (!write.has_update || !write.has_update_mask) return result;
    const sent = write.update.fields;
    const gone = [];
    for (const path of write.update_mask.field_paths) {
      const field = topLevelField(path);
      if (field === undefined) {
        // Only nested paths the write also carries (a merge of a map) are fine; a nested delete is not emulated.
        if (!sent.has(path.split(".")[0])) throw Object.assign(new Error(`FieldValue.delete() of a nested field (${path}) is not emulated`), { code: UNIMPLEMENTED });
        continue;
      }
      if (!sent.has(field)) gone.push(field);
    }
    if (gone.length > 0) {
      const document = state.getDocument(write.update.name);
      const fields = { ...document.fields };
      for (const field of gone) delete fields[field];
      document.fields = fields;
    }
    return result;
  };
}

function completeTransforms(firestoreServer) {
  const state = firestoreServer.state;
  const original = state.writeV1Document.bind(state);
  state.writeV1Document = (date, write) => {
    if (!write.has_update || write.update_transforms.length === 0) return original(date, write);
    // The write without its transforms (set aside and put back: a copy of the message would lose its oneofs),
    // then each transform on its own, in order.
    const transforms = write.update_transforms;
    write.update_transforms = [];
    let result;
    try {
      result = original(date, write);
    } finally {
      write.update_transforms = transforms;
    }
    const name = write.update.name;
    for (const transform of transforms) {
      const isArrayTransform = transform.has_append_missing_elements || transform.has_remove_all_from_array;
      const field = state.getDocument(name).getField(transform.field_path);
      if (isArrayTransform && (!field || field.type !== "array_value")) {
        // Firestore: on a missing or non-array field, arrayUnion sets the elements and arrayRemove an empty array.
        const empty = { name, fields: { [transform.field_path]: { array_value: { values: [] } } } };
        original(date, proto.Write.fromObject({ update: empty, update_mask: { field_paths: [transform.field_path] } }));
      }
      state.getDocument(name).v1Transform(date, [transform]);
    }
    return result;
  };
}

function atomicCommits(firestoreServer) {
  const state = firestoreServer.state;
  const handler = firestoreServer.server.handlers.get(SERVICE + "Commit");
  const original = handler.func;
  handler.func = (call, callback) => {
    for (const write of call.request.writes) {
      if (!write.has_current_document || !write.current_document.has_exists) continue;
      const name = write.has_delete ? write.delete : write.update.name;
      const exists = state.getDocument(name).metadata.hasExist;
      if (write.current_document.exists && !exists) return callback({ code: NOT_FOUND, message: `no entity to update: ${name}` });
      if (!write.current_document.exists && exists) return callback({ code: ALREADY_EXISTS, message: `entity already exists: ${name}` });
    }
    return original(call, callback);
  };
}

module.exports = { deleteMaskedFields, completeTransforms, atomicCommits };
