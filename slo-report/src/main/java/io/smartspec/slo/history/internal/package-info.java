/** Implementation of the history store: the file layout, compaction and the line codec. Not public API. */
package io.smartspec.slo.history.internal;
