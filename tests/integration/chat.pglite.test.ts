import { defineChatSuite } from './chat-suite';

defineChatSuite('pglite');
