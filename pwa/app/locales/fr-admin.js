// French messages of the user and settings administration screens,
// merged into fr.js.

export default {
};
