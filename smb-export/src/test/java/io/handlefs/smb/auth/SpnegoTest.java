package io.handlefs.smb.auth;

import io.handlefs.smb.mssmb2.SmbDecodeException;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** SPNEGO tokens: a client's NegTokenInit and NegTokenResp, the server's own, and junk. */
class SpnegoTest {
    @Test
    void parsesAClientInit() throws Exception {
        ASN1EncodableVector init = new ASN1EncodableVector();
        init.add(new DERTaggedObject(true, 0, new DERSequence(Spnego.NTLMSSP)));
        init.add(new DERTaggedObject(true, 2, new DEROctetString(new byte[] {1, 2, 3})));
        ASN1EncodableVector gss = new ASN1EncodableVector();
        gss.add(Spnego.SPNEGO);
        gss.add(new DERTaggedObject(true, 0, new DERSequence(init)));
        byte[] token = new DERTaggedObject(false, BERTags.APPLICATION, 0, new DERSequence(gss)).getEncoded();
        Spnego.Token t = Spnego.parse(token);
        assertEquals(java.util.List.of(Spnego.NTLMSSP.getId()), t.mechs());
        assertArrayEquals(new byte[] {1, 2, 3}, t.mechToken());
        assertArrayEquals(new DERSequence(Spnego.NTLMSSP).getEncoded(), t.mechTypesDer());
    }

    @Test
    void parsesAResponseWithMic() {
        byte[] resp = Spnego.response(Spnego.ACCEPT_INCOMPLETE, true, new byte[] {7}, new byte[] {8, 9});
        Spnego.Token t = Spnego.parse(resp);
        assertArrayEquals(new byte[] {7}, t.mechToken());
        assertArrayEquals(new byte[] {8, 9}, t.mechListMic());
    }

    @Test
    void serverInitIsParseable() {
        assertEquals(java.util.List.of(Spnego.NTLMSSP.getId()), Spnego.parse(Spnego.serverInit()).mechs());
    }

    @Test
    void junkIsRefusedAsDecodeError() {
        Random random = new Random(5);
        byte[] good = Spnego.serverInit();
        for (int i = 0; i < 3000; i++) {
            byte[] junk = i % 2 == 0 ? new byte[random.nextInt(100)] : good.clone();
            if (i % 2 == 0) {
                random.nextBytes(junk);
            } else {
                junk[random.nextInt(junk.length)] = (byte) random.nextInt(256);
            }
            try {
                Spnego.parse(junk);
            } catch (SmbDecodeException expected) {
                // refused
            } catch (RuntimeException e) {
                fail("junk SPNEGO threw " + e, e);
            }
        }
    }
}
