// The peer for `cargo bench --bench live`: a Node.js relay on the `ws`
// package doing what Plenary's signaling does for a chat message, minus the
// shared state: read a client's JSON, check it, acknowledge it, and send one
// versioned update to every client of the room.
//
// Usage: node ws-relay.js PORT  (prints "listening" when ready)
'use strict';
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2]);
const wss = new WebSocketServer({ host: '127.0.0.1', port, maxPayload: 64 * 1024 });
let version = 0;
let nextParticipant = 1;

function broadcast(events) {
  version += 1;
  const now = Date.now();
  const update = JSON.stringify({ type: 'update', version, events, server_time: now });
  for (const client of wss.clients) {
    if (client.readyState === 1) client.send(update);
  }
}

wss.on('connection', (socket) => {
  const me = nextParticipant++;
  socket.send(JSON.stringify({ type: 'welcome', you: me, version }));
  // Presence, as Plenary announces every newcomer to everyone.
  broadcast([{ event: 'joined', participant: { id: me, name: 'P' + me, role: 'delegate', connected: true } }]);
  socket.on('message', (data, isBinary) => {
    let message;
    try {
      message = isBinary ? null : JSON.parse(data.toString());
    } catch {
      message = null;
    }
    const command = message && message.type === 'act' && message.command;
    const text = command && command.command === 'chat' && command.text;
    if (typeof text !== 'string' || text.length === 0 || text.length > 2000) {
      socket.send(JSON.stringify({ type: 'error', id: message && message.id, code: 'bad_message' }));
      return;
    }
    broadcast([{ event: 'chat', message: { from: me, name: 'P' + me, text, sent_at: Date.now() } }]);
    socket.send(JSON.stringify({ type: 'ack', id: message.id }));
  });
});
wss.on('listening', () => console.log('listening'));
