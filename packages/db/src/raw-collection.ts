import type { mongo } from "mongoose";

/**
 * A model's collection through the driver, typed as the documents written there. For the writes that
 * bypass Mongoose on purpose (batches of documents with their own `_id`, where casting and validating
 * each one would cost more than the insert): the document type is the caller's word, said in one place.
 */
export function rawCollection<T extends mongo.Document>(model: { collection: mongo.Collection }): mongo.Collection<T> {
  return model.collection as unknown as mongo.Collection<T>;
}
