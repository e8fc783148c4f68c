#!/usr/bin/perl
# vdcf-keepalive: the agent of a node, run by SMF (svc:/site/vdcf-keepalive:default).
# Every INTERVAL seconds it sends the engine one UDP datagram,
#   VDCFKA1 NODE MILLIS HMAC-SHA256(SECRET, "VDCFKA1 NODE MILLIS")
# (vdcftui/ops/ha/keepalive.py reads it). Perl with Digest::SHA and IO::Socket::INET,
# both in the perl of Solaris 11; the secret is read from a root-only file, never
# passed on a command line. Configuration, /etc/vdcftui/keepalive.conf:
#   engine = HOST:PORT        where the engine listens (ha.listen)
#   interval = 5              seconds (ha.keepalive_interval)
#   secret_file = /etc/vdcftui/keepalive.secret
#   node = NAME               the node's name in the repository (default: uname -n)
# With --once it sends one datagram and exits (a check after installing).
use strict;
use warnings;
use Digest::SHA qw(hmac_sha256_hex);
use IO::Socket::INET;
use Time::HiRes qw(time sleep);

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
chomp(my $secret = <$fh> // '');
close($fh);
die "vdcf-keepalive: $conf{secret_file} is empty\n" if $secret eq '';

my $socket = IO::Socket::INET->new(PeerAddr => $host, PeerPort => $port, Proto => 'udp')
    or die "vdcf-keepalive: cannot open a socket to $host:$port: $!\n";
my $once = grep { $_ eq '--once' } @ARGV;
while (1) {
    my $text = sprintf('VDCFKA1 %s %d', $node, int(time() * 1000));
    # a datagram that cannot be sent now (the network is down) is simply lost
    $socket->send($text . ' ' . hmac_sha256_hex($text, $secret) . "\n");
    last if $once;
    sleep($conf{interval});
}
