package io.handlefs.smb.auth;

import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SmbException;

/**
 * One SESSION_SETUP exchange: SPNEGO around NTLMSSP (or bare NTLMSSP), two round trips. The
 * first call gets the CHALLENGE back with STATUS_MORE_PROCESSING_REQUIRED; the second verifies
 * the AUTHENTICATE, checks the client's mechListMIC and returns the logon with the server's MIC.
 */
public final class Authenticator {
    /** What one leg produced: the token to send back, and the logon once complete. */
    public record Step(byte[] token, NtlmServer.Result logon) {
        public boolean complete() {
            return logon != null;
        }
    }

    private final NtlmServer ntlm;
    private boolean spnego = true;
    private byte[] mechTypesDer = new byte[0];
    private boolean challenged;

    public Authenticator(UserDatabase users, String computerName, String domainName) {
        this.ntlm = new NtlmServer(users, computerName, domainName);
    }

    public Step accept(byte[] blob) {
        if (!challenged) {
            challenged = true;
            return first(blob);
        }
        byte[] inner = blob;
        byte[] mic = new byte[0];
        if (spnego) {
            Spnego.Token t = Spnego.parse(blob);
            inner = t.mechToken();
            mic = t.mechListMic();
        }
        NtlmServer.Result logon = ntlm.authenticate(inner);
        if (!spnego) {
            return new Step(new byte[0], logon);
        }
        byte[] serverMic = new byte[0];
        if (mic.length > 0) {
            if (!logon.sealing().verifyFromClient(mechTypesDer, mic)) {
                throw new SmbException(NtStatus.LOGON_FAILURE, "bad SPNEGO mechListMIC");
            }
            serverMic = logon.sealing().signFromServer(mechTypesDer);
        }
        return new Step(Spnego.response(Spnego.ACCEPT_COMPLETED, false, new byte[0], serverMic), logon);
    }

    private Step first(byte[] blob) {
        if (NtlmMessage.isNtlm(blob)) {
            spnego = false;
            return new Step(ntlm.challenge(blob), null);
        }
        Spnego.Token t = Spnego.parse(blob);
        if (!t.mechs().contains(Spnego.NTLMSSP.getId())) {
            throw new SmbException(NtStatus.LOGON_FAILURE, "no NTLMSSP among " + t.mechs());
        }
        mechTypesDer = t.mechTypesDer();
        byte[] inner = t.mechToken();
        // A client that led with another mechanism sent that one's token: it gets a challenge anyway.
        byte[] negotiate = t.mechs().get(0).equals(Spnego.NTLMSSP.getId()) && inner.length > 0 ? inner
                : new NtlmNegotiate(NtlmFlags.UNICODE | NtlmFlags.EXTENDED_SESSIONSECURITY | NtlmFlags.KEY_128
                | NtlmFlags.KEY_EXCH | NtlmFlags.SIGN).encode();
        return new Step(Spnego.response(Spnego.ACCEPT_INCOMPLETE, true, ntlm.challenge(negotiate), new byte[0]), null);
    }
}
