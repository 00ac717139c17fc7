import { humanise, Tag, type TagColour } from '../ui/parts';

const COLOUR: Record<string, TagColour> = { received: 'blue', in_progress: 'purple', returned: 'green', not_known: 'grey', cancelled: 'grey' };

/** A request's status as an NHS tag. */
export const StatusTag = ({ status }: { status: string }) => <Tag colour={COLOUR[status] ?? 'white'}>{humanise(status)}</Tag>;
