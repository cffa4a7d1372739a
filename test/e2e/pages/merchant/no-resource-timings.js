// A shop whose resource timing buffer is full: the browser keeps no more entries (nothing tells
// the element that its frame has loaded but the frame's, and the document's, load events).
performance.setResourceTimingBufferSize(0);
