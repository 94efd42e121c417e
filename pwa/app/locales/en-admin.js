// English messages of the user and settings administration screens,
// merged into en.js.

export default {
};
