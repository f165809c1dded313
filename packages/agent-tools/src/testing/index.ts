export { type ScriptedModel, type ScriptedModelOptions, startScriptedModel } from "./chat-server.ts";
export { type ChatMessage, type ChatRequest, Conversation, messageText, type ToolResult } from "./conversation.ts";
export { call, finish, passOn, plan, type Role, type Step, say, type ToolCall, type Turn } from "./plan.ts";
