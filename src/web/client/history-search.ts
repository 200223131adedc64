import { showVerification } from './history/verification-badge';

const badge = document.getElementById('verification');
if (badge) void showVerification(badge);
