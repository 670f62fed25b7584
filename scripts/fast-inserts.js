/**
 * Makes adding a document to the embedded Firestore emulator (@firestore-emulator/server) cost O(1), not O(n).
 *
 * That emulator keeps each collection's documents in one immutable (immer) object and copies the whole object to
 * add a document, so seeding n documents costs O(n²): 10,000 took 84 s, 100,000 would take hours. This keeps
 * the same object mutable and adds to it in place; nothing else in the emulator writes that object (documents
 * change their own fields), and readers only list its values. Used by `npm start`, the tests and the bench.
 */
"use strict";

/** Patches the collection class the server's own bundle uses (found on the first collection it makes). */
function fastInserts(firestoreServer) {
  const state = firestoreServer.state;
  const getCollection = state.getCollection.bind(state);
  state.getCollection = (path) => {
    const collection = getCollection(path);
    patch(Object.getPrototypeOf(collection));
    return collection;
  };
}

function patch(proto) {
  if (proto.fastInserts) return;
  const original = proto.getDocument;
  proto.fastInserts = true;
  proto.getDocument = function getDocument(documentName) {
    if (this.documents[documentName]) return this.documents[documentName];
    // One document made the emulator's way (its own class and arguments), then kept in a mutable object.
    const made = original.call(Object.assign(Object.create(Object.getPrototypeOf(this)), this, { documents: {} }), documentName);
    made.parent = this;
    if (Object.isFrozen(this.documents)) this.documents = { ...this.documents };
    this.documents[documentName] = made;
    return made;
  };
}

module.exports = { fastInserts };
