package io.handlefs.smb.auth;

import io.handlefs.smb.mssmb2.SmbDecodeException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * SPNEGO tokens, [RFC4178] and [MS-SPNG]: the server's NegTokenInit2 hint, the client's
 * NegTokenInit (inside the GSS-API InitialContextToken, [APPLICATION 0]) and NegTokenResp, and
 * the server's NegTokenResp. ASN.1 is BouncyCastle's; nothing here parses DER by hand.
 */
public final class Spnego {
    public static final ASN1ObjectIdentifier SPNEGO = new ASN1ObjectIdentifier("1.3.6.1.5.5.2");
    public static final ASN1ObjectIdentifier NTLMSSP = new ASN1ObjectIdentifier("1.3.6.1.4.1.311.2.2.10");
    public static final int ACCEPT_COMPLETED = 0;
    public static final int ACCEPT_INCOMPLETE = 1;
    public static final int REJECT = 2;
    /** Larger than any real token: DER lengths beyond it are hostile. */
    private static final int MAX_TOKEN = 64 * 1024;

    /**
     * A client token: the mechanisms offered (with their DER encoding, which mechListMIC covers),
     * the inner mechanism token and the MIC, each empty when absent.
     */
    public record Token(List<String> mechs, byte[] mechTypesDer, byte[] mechToken, byte[] mechListMic) {
        public Token {
            mechs = List.copyOf(mechs);
            mechTypesDer = mechTypesDer.clone();
            mechToken = mechToken.clone();
            mechListMic = mechListMic.clone();
        }

        @Override
        public byte[] mechTypesDer() {
            return mechTypesDer.clone();
        }

        @Override
        public byte[] mechToken() {
            return mechToken.clone();
        }

        @Override
        public byte[] mechListMic() {
            return mechListMic.clone();
        }
    }

    private Spnego() {}

    /** The NegTokenInit a server puts in its NEGOTIATE response: "I speak NTLMSSP". */
    public static byte[] serverInit() {
        ASN1EncodableVector init = new ASN1EncodableVector();
        init.add(new DERTaggedObject(true, 0, new DERSequence(NTLMSSP)));
        ASN1EncodableVector gss = new ASN1EncodableVector();
        gss.add(SPNEGO);
        gss.add(new DERTaggedObject(true, 0, new DERSequence(init)));
        return der(new DERTaggedObject(false, BERTags.APPLICATION, 0, new DERSequence(gss)));
    }

    /** Parses a NegTokenInit (GSS-wrapped) or a NegTokenResp from the client. */
    public static Token parse(byte[] blob) {
        if (blob.length > MAX_TOKEN) {
            throw new SmbDecodeException(SmbDecodeException.Kind.TOO_LARGE, "SPNEGO token of " + blob.length);
        }
        try {
            if (!(ASN1Primitive.fromByteArray(blob) instanceof ASN1TaggedObject tagged)) {
                throw bad("not a tagged token");
            }
            if (tagged.getTagClass() == BERTags.APPLICATION && tagged.getTagNo() == 0) {
                ASN1Sequence gss = ASN1Sequence.getInstance(tagged.getBaseUniversal(false, BERTags.SEQUENCE));
                if (!SPNEGO.equals(gss.getObjectAt(0))) {
                    throw bad("not SPNEGO");
                }
                ASN1TaggedObject init = (ASN1TaggedObject) gss.getObjectAt(1);
                if (init.getTagNo() != 0) {
                    throw bad("expected NegTokenInit");
                }
                return parseFields(ASN1Sequence.getInstance(init, true), true);
            }
            if (tagged.getTagClass() == BERTags.CONTEXT_SPECIFIC && tagged.getTagNo() == 1) {
                return parseFields(ASN1Sequence.getInstance(tagged, true), false);
            }
            throw bad("unknown SPNEGO token tag " + tagged.getTagNo());
        } catch (IOException | ClassCastException | IllegalArgumentException | IllegalStateException
                 | IndexOutOfBoundsException | NullPointerException e) {
            throw bad(e.toString());
        }
    }

    private static Token parseFields(ASN1Sequence seq, boolean init) throws IOException {
        List<String> mechs = new ArrayList<>();
        byte[] mechTypes = new byte[0];
        byte[] token = new byte[0];
        byte[] mic = new byte[0];
        int tokenTag = 2;
        int micTag = 3;
        for (ASN1Encodable e : seq) {
            ASN1TaggedObject field = (ASN1TaggedObject) e;
            int tag = field.getTagNo();
            if (init && tag == 0) {
                ASN1Sequence list = ASN1Sequence.getInstance(field, true);
                for (ASN1Encodable oid : list) {
                    mechs.add(ASN1ObjectIdentifier.getInstance(oid).getId());
                }
                mechTypes = list.getEncoded(ASN1Encoding.DER);
            } else if (tag == tokenTag) {
                token = ASN1OctetString.getInstance(field, true).getOctets();
            } else if (tag == micTag) {
                mic = ASN1OctetString.getInstance(field, true).getOctets();
            }
        }
        return new Token(mechs, mechTypes, token, mic);
    }

    /** The server's NegTokenResp; the mechanism is named in the first reply only. */
    public static byte[] response(int state, boolean nameMech, byte[] token, byte[] mic) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new DERTaggedObject(true, 0, new ASN1Enumerated(state)));
        if (nameMech) {
            v.add(new DERTaggedObject(true, 1, NTLMSSP));
        }
        if (token.length > 0) {
            v.add(new DERTaggedObject(true, 2, new DEROctetString(token)));
        }
        if (mic.length > 0) {
            v.add(new DERTaggedObject(true, 3, new DEROctetString(mic)));
        }
        return der(new DERTaggedObject(true, 1, new DERSequence(v)));
    }

    private static byte[] der(ASN1Encodable o) {
        try {
            return o.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding failed", e);
        }
    }

    private static SmbDecodeException bad(String why) {
        return new SmbDecodeException(SmbDecodeException.Kind.BAD_VALUE, "SPNEGO: " + why);
    }
}
