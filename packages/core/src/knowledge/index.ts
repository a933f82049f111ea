export * from './settings';
export * from './serializers';
