#!/usr/bin/perl
# vdcf-keepalive: the agent of a node, run by SMF (svc:/site/vdcf-keepalive:default).
# Every INTERVAL seconds it sends the engine one UDP datagram,
#   VDCFKA1 NODE MILLIS HMAC-SHA256(SECRET, "VDCFKA1 NODE MILLIS")
# (vdcftui/ops/ha/keepalive.py reads it). Written for the perl of Solaris 10 (5.8.4)
# as well as Solaris 11's: IO::Socket::INET and Time::HiRes are in both; Digest::SHA
# only from perl 5.9.3, so without it the HMAC is computed by the pure-Perl SHA-256
# below (FIPS 180-4; sums kept below 2**32 by % 4294967296, which is exact on 32-bit
# and 64-bit perls alike). The secret is read from a root-only file, never passed on a
# command line. Configuration, /etc/vdcftui/keepalive.conf:
#   engine = HOST:PORT        where the engine listens (ha.listen)
#   interval = 5              seconds (ha.keepalive_interval)
#   secret_file = /etc/vdcftui/keepalive.secret
#   node = NAME               the node's name in the repository (default: uname -n)
# With --once it sends one datagram and exits (a check after installing).
use strict;
use warnings;
use IO::Socket::INET;
use Time::HiRes qw(time sleep);

my @K = (
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
);

sub rotr {
    my ($x, $n) = @_;
    return (($x >> $n) | ($x << (32 - $n))) & 0xffffffff;
}

sub sha256 {
    my ($msg) = @_;
    my @h = (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
             0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19);
    my $bits = length($msg) * 8;
    $msg .= "\x80";
    $msg .= "\0" x ((56 - length($msg) % 64) % 64);
    $msg .= pack('N2', int($bits / 4294967296), $bits % 4294967296);
    for (my $at = 0; $at < length($msg); $at += 64) {
        my @w = unpack('N16', substr($msg, $at, 64));
        for my $t (16 .. 63) {
            my $s0 = rotr($w[$t - 15], 7) ^ rotr($w[$t - 15], 18) ^ ($w[$t - 15] >> 3);
            my $s1 = rotr($w[$t - 2], 17) ^ rotr($w[$t - 2], 19) ^ ($w[$t - 2] >> 10);
            $w[$t] = ($w[$t - 16] + $s0 + $w[$t - 7] + $s1) % 4294967296;
        }
        my ($va, $vb, $vc, $vd, $ve, $vf, $vg, $vh) = @h;
        for my $t (0 .. 63) {
            my $s1 = rotr($ve, 6) ^ rotr($ve, 11) ^ rotr($ve, 25);
            my $ch = ($ve & $vf) ^ ((~$ve & 0xffffffff) & $vg);
            my $t1 = ($vh + $s1 + $ch + $K[$t] + $w[$t]) % 4294967296;
            my $s0 = rotr($va, 2) ^ rotr($va, 13) ^ rotr($va, 22);
            my $t2 = ($s0 + (($va & $vb) ^ ($va & $vc) ^ ($vb & $vc))) % 4294967296;
            ($vh, $vg, $vf, $ve) = ($vg, $vf, $ve, ($vd + $t1) % 4294967296);
            ($vd, $vc, $vb, $va) = ($vc, $vb, $va, ($t1 + $t2) % 4294967296);
        }
        my @v = ($va, $vb, $vc, $vd, $ve, $vf, $vg, $vh);
        @h = map { ($h[$_] + $v[$_]) % 4294967296 } 0 .. 7;
    }
    return pack('N8', @h);
}

# HMAC (RFC 2104) over the SHA-256 above: Digest::SHA's hmac_sha256_hex where it is missing.
sub hmac_sha256_hex_pp {
    my ($data, $key) = @_;
    $key = sha256($key) if length($key) > 64;
    $key .= "\0" x (64 - length($key));
    my $inner = sha256(($key ^ ("\x36" x 64)) . $data);
    return unpack('H*', sha256(($key ^ ("\x5c" x 64)) . $inner));
}

my $hmac_sha256_hex = eval { require Digest::SHA; \&Digest::SHA::hmac_sha256_hex }
    || \&hmac_sha256_hex_pp;

my $conf_file = $ENV{VDCF_KEEPALIVE_CONF} || '/etc/vdcftui/keepalive.conf';
my %conf = (interval => 5, secret_file => '/etc/vdcftui/keepalive.secret');
open(my $conf, '<', $conf_file) or die "vdcf-keepalive: cannot read $conf_file: $!\n";
while (my $line = <$conf>) {
    next if $line =~ /^\s*(#|$)/;
    $line =~ /^\s*(\w+)\s*=\s*(\S+)\s*$/ or die "vdcf-keepalive: $conf_file: bad line: $line";
    $conf{$1} = $2;
}
close($conf);
my ($host, $port) = ($conf{engine} || '') =~ /^(.+):(\d+)$/
    or die "vdcf-keepalive: $conf_file: engine = HOST:PORT is missing\n";
chomp(my $node = $conf{node} || `/usr/bin/uname -n`);
open(my $fh, '<', $conf{secret_file}) or die "vdcf-keepalive: cannot read $conf{secret_file}: $!\n";
my $secret = <$fh>;
$secret = '' unless defined $secret;
chomp($secret);
close($fh);
die "vdcf-keepalive: $conf{secret_file} is empty\n" if $secret eq '';

my $socket = IO::Socket::INET->new(PeerAddr => $host, PeerPort => $port, Proto => 'udp')
    or die "vdcf-keepalive: cannot open a socket to $host:$port: $!\n";
my $once = grep { $_ eq '--once' } @ARGV;
while (1) {
    my $text = sprintf('VDCFKA1 %s %d', $node, int(time() * 1000));
    # a datagram that cannot be sent now (the network is down) is simply lost
    $socket->send($text . ' ' . $hmac_sha256_hex->($text, $secret) . "\n");
    last if $once;
    sleep($conf{interval});
}
