// The benchmark peer for Plenary's SFU: a selective forwarding unit on
// Pion WebRTC v3, built the way Pion's examples build one (each published
// track is read once and written to every subscriber's local track, which
// rewrites SSRC and payload type per subscriber), with plain HTTP signaling
// and no trickle. Built offline from Debian's packages by infra/pion-sfu.sh.
//
//	POST /publish          body: an SDP offer with sendonly tracks; answers the SDP answer
//	POST /subscribe?owner=P  answers {"id": N, "sdp": offer} carrying every published track
//	                         but participant P's own
//	POST /answer?id=N      body: the subscriber's SDP answer
//	GET  /tracks           the number of published tracks
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/pion/interceptor"
	"github.com/pion/webrtc/v3"
)

var (
	api         *webrtc.API
	mu          sync.Mutex
	published   []*webrtc.TrackLocalStaticRTP
	subscribers = map[int]*webrtc.PeerConnection{}
	nextID      = 1
)

func newAPI() *webrtc.API {
	m := &webrtc.MediaEngine{}
	if err := m.RegisterDefaultCodecs(); err != nil {
		log.Fatal(err)
	}
	i := &interceptor.Registry{}
	if err := webrtc.RegisterDefaultInterceptors(m, i); err != nil {
		log.Fatal(err)
	}
	s := webrtc.SettingEngine{}
	s.SetIncludeLoopbackCandidate(true)
	s.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	s.SetIPFilter(func(ip net.IP) bool { return ip.IsLoopback() })
	return webrtc.NewAPI(webrtc.WithMediaEngine(m), webrtc.WithInterceptorRegistry(i), webrtc.WithSettingEngine(s))
}

// complete sets the local description and waits for every candidate, so the
// SDP carries them (no trickle).
func complete(pc *webrtc.PeerConnection, desc webrtc.SessionDescription) (string, error) {
	gathered := webrtc.GatheringCompletePromise(pc)
	if err := pc.SetLocalDescription(desc); err != nil {
		return "", err
	}
	<-gathered
	return pc.LocalDescription().SDP, nil
}

func publish(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	pc.OnTrack(func(remote *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
		
		local, err := webrtc.NewTrackLocalStaticRTP(remote.Codec().RTPCodecCapability, remote.ID(), remote.StreamID())
		if err != nil {
			log.Println(err)
			return
		}
		mu.Lock()
		published = append(published, local)
		mu.Unlock()
		buf := make([]byte, 1500)
		for {
			n, _, err := remote.Read(buf)
			if err != nil {
				return
			}
			if _, err := local.Write(buf[:n]); err != nil {
				return
			}
		}
	})
	if err := pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeOffer, SDP: string(body)}); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	answer, err := pc.CreateAnswer(nil)
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	sdp, err := complete(pc, answer)
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	fmt.Fprint(w, sdp)
}

func subscribe(w http.ResponseWriter, r *http.Request) {
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	mu.Lock()
	tracks := append([]*webrtc.TrackLocalStaticRTP(nil), published...)
	id := nextID
	nextID++
	subscribers[id] = pc
	mu.Unlock()
	own := "participant-" + r.URL.Query().Get("owner") + "-"
	for _, t := range tracks {
		if r.URL.Query().Get("owner") != "" && strings.HasPrefix(t.ID(), own) {
			continue
		}
		sender, err := pc.AddTrack(t)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		// RTCP must be read for the interceptors (NACK, reports) to work.
		go func() {
			buf := make([]byte, 1500)
			for {
				if _, _, err := sender.Read(buf); err != nil {
					return
				}
			}
		}()
	}
	offer, err := pc.CreateOffer(nil)
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	sdp, err := complete(pc, offer)
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]interface{}{"id": id, "sdp": sdp})
}

func answer(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.Atoi(r.URL.Query().Get("id"))
	body, _ := io.ReadAll(r.Body)
	mu.Lock()
	pc := subscribers[id]
	mu.Unlock()
	if pc == nil {
		http.Error(w, "no such subscriber", 404)
		return
	}
	if err := pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: string(body)}); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	fmt.Fprint(w, "ok")
}

func main() {
	addr := flag.String("addr", "127.0.0.1:7070", "HTTP signaling address")
	flag.Parse()
	api = newAPI()
	http.HandleFunc("/publish", publish)
	http.HandleFunc("/subscribe", subscribe)
	http.HandleFunc("/answer", answer)
	http.HandleFunc("/tracks", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprint(w, len(published))
	})
	log.Fatal(http.ListenAndServe(*addr, nil))
}
