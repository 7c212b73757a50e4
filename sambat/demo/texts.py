"""What the demo's citizens write and what the departments answer (Indonesian, written for the demo).

Complaint texts are assembled from parts (opening, problem, effect, request, closing) with places and details
drawn by a seeded random generator, so they are varied but the same on every machine. Some are turned into
the informal spelling many citizens use in chat-style reports.
"""

import random
import re
from dataclasses import dataclass, field

from sambat.complaints.choices import Kind
from sambat.demo.places import MARKETS


@dataclass(frozen=True)
class Topic:
    """One kind of problem within a category, with the department's usual answers to it.

    Templates may use: {spot} (street + landmark), {street}, {kelurahan}, {durasi}, {waktu}, {angka},
    {tinggi}, {tarif}, {pasar}, {nomor}, {nik}. `titles`, when given, has one title per problem.
    """

    category: str | None
    problems: tuple[str, ...]
    effects: tuple[str, ...] = ()
    requests: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    responses: tuple[str, ...] = ()
    progress: tuple[str, ...] = ()
    resolutions: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    replies: tuple[str, ...] = ()
    kind: str = Kind.PENGADUAN
    needs_place: bool = True
    sensitive: bool = False  # often filed confidentially (names, money, employers)


OPENINGS = (
    "",
    "",
    "Selamat pagi.",
    "Selamat siang, Bapak/Ibu.",
    "Mohon izin melapor.",
    "Assalamualaikum, min.",
    "Permisi admin SAMBAT,",
    "Halo min,",
    "Dengan hormat,",
    "Saya warga {kelurahan} mau menyampaikan keluhan.",
)
CLOSINGS = (
    "",
    "",
    "Terima kasih.",
    "Terima kasih atas perhatiannya.",
    "Matur nuwun.",
    "Suwun.",
    "Mohon tindak lanjutnya.",
)
REQUESTS = (
    "Mohon segera ditindaklanjuti.",
    "Mohon perhatian dinas terkait.",
    "Semoga cepat ada solusi.",
    "Mohon bantuannya.",
)
DURATIONS = (
    "sudah seminggu",
    "sudah dua minggu",
    "sudah hampir sebulan",
    "sejak awal bulan",
    "sudah tiga hari",
    "sudah lebih dari sebulan",
    "sejak musim hujan kemarin",
)
MOMENTS = ("tadi pagi", "semalam", "kemarin sore", "tadi siang", "dini hari tadi", "kemarin malam")

TOPICS: tuple[Topic, ...] = (
    Topic(
        "jalan-rusak",
        problems=(
            "Jalan di {spot} berlubang cukup dalam, {durasi} belum ada perbaikan.",
            "Aspal di {spot} mengelupas dan banyak lubang. Kalau hujan lubangnya tertutup genangan jadi tidak "
            "kelihatan.",
            "Ada lubang besar di tengah jalan {spot}, lebarnya kira-kira {angka}0 cm.",
            "Bekas galian di {spot} tidak ditutup rata lagi, sekarang ambles dan bergelombang.",
            "Paving di {spot} ambles dan lepas-lepas, {durasi} dibiarkan.",
        ),
        titles=(
            "Jalan berlubang di {street}",
            "Aspal mengelupas di {street}",
            "Lubang besar di {street}",
            "Bekas galian tidak ditutup rata",
            "Paving ambles di {street}",
        ),
        effects=(
            "Sudah ada beberapa pengendara motor yang jatuh di situ.",
            "Malam hari sangat berbahaya karena penerangannya juga kurang.",
            "Mobil harus zig-zag menghindari lubang sehingga sering macet.",
            "Anak-anak sekolah lewat situ tiap pagi.",
            "Kemarin saya sendiri hampir jatuh.",
        ),
        requests=(
            "Mohon segera ditambal sebelum ada korban.",
            "Tolong diperbaiki, minimal diberi tanda peringatan dulu.",
            "Mohon dinas terkait segera memperbaiki.",
        ),
        responses=(
            "Terima kasih atas laporannya. Tim UPT Jalan dan Jembatan akan mengecek ke lokasi minggu ini.",
            "Laporan sudah kami terima dan masuk daftar pemeliharaan rutin. Petugas akan survei ke lokasi.",
        ),
        progress=(
            "Petugas sudah survei ke lokasi. Perbaikan dijadwalkan bersama paket pemeliharaan jalan bulan ini.",
            "Material tambalan sudah disiapkan, pengerjaan menunggu cuaca cerah.",
        ),
        resolutions=(
            "Lubang sudah ditambal dengan aspal hotmix. Terima kasih atas partisipasinya.",
            "Perbaikan jalan sudah selesai dikerjakan. Silakan sampaikan bila masih ada kerusakan.",
            "Paving yang ambles sudah dibongkar dan dipasang ulang dengan pemadatan.",
        ),
        questions=(
            "Mohon dikirimkan patokan yang lebih tepat (nomor rumah atau bangunan terdekat), karena ruas "
            "jalannya panjang.",
            "Apakah bisa dilampirkan foto kondisi lubang? Kami perlu memperkirakan volume perbaikan.",
        ),
        replies=(
            "Lokasinya persis di depan warung bakso, sekitar 50 meter dari perempatan.",
            "Patokannya depan musala, sebelah tiang listrik yang dicat merah.",
        ),
    ),
    Topic(
        "drainase-banjir",
        problems=(
            "Saluran air di {spot} tersumbat sampah dan lumpur. Setiap hujan deras air meluap ke jalan.",
            "Tiap hujan {spot} banjir setinggi {tinggi} cm, airnya sampai masuk ke rumah warga.",
            "Gorong-gorong di {spot} ambrol, tutupnya berlubang.",
            "Drainase di {spot} tidak mengalir, airnya menggenang dan bau.",
        ),
        titles=(
            "Saluran tersumbat di {street}",
            "Banjir di {street} setiap hujan",
            "Gorong-gorong ambrol",
            "Drainase tidak mengalir",
        ),
        effects=(
            "Genangan baru surut setelah dua sampai tiga jam.",
            "Banyak motor mogok karena menerobos genangan.",
            "Warga khawatir demam berdarah karena air menggenang berhari-hari.",
            "Rumah di gang kami sudah tiga kali kemasukan air bulan ini.",
        ),
        requests=("Mohon salurannya dikeruk.", "Mohon dicek, sepertinya ada bangunan yang menutup saluran."),
        responses=(
            "Terima kasih, laporan kami teruskan ke satgas drainase untuk pengecekan saluran.",
            "Tim akan menelusuri saluran untuk mencari titik sumbatan.",
        ),
        progress=(
            "Pengerukan saluran sedang dikerjakan bertahap oleh satgas drainase.",
            "Ditemukan sumbatan pada gorong-gorong; pembersihan dijadwalkan bersama kerja bakti warga.",
        ),
        resolutions=(
            "Saluran sudah dikeruk dan sedimen diangkut. Mohon warga ikut menjaga agar tidak membuang sampah "
            "ke saluran.",
            "Gorong-gorong yang ambrol sudah diganti dengan box culvert baru.",
        ),
        questions=(
            "Apakah genangan terjadi setiap hujan atau hanya saat hujan sangat deras?",
            "Mohon disebutkan RT/RW lokasinya.",
        ),
        replies=("Setiap hujan lebih dari setengah jam pasti meluap, Pak.", "RT 04 RW 07, dekat pos kamling."),
    ),
    Topic(
        "pju",
        problems=(
            "Lampu PJU di {spot} mati {durasi}, jalannya jadi gelap gulita.",
            "Lampu jalan di {spot} nyala-mati berkedip tiap malam.",
            "Ada {angka} lampu jalan yang mati berurutan di {spot}.",
            "Lampu PJU di {spot} malah menyala siang hari, boros listrik.",
        ),
        titles=("PJU mati di {street}", "Lampu jalan berkedip", "Beberapa lampu jalan mati", "PJU menyala siang hari"),
        effects=(
            "Rawan jambret kalau malam.",
            "Pejalan kaki takut lewat setelah magrib.",
            "Polisi tidur di situ jadi tidak kelihatan.",
        ),
        responses=(
            "Terima kasih, laporan diteruskan ke tim pemeliharaan PJU.",
            "Tim PJU akan melakukan pengecekan pada malam hari.",
        ),
        progress=("Teknisi sudah mengecek; perlu penggantian lampu dan kabel, material sedang diajukan.",),
        resolutions=(
            "Lampu PJU sudah diganti dengan lampu LED baru dan menyala normal.",
            "Kabel yang putus sudah disambung, PJU kembali menyala.",
        ),
        questions=("Mohon disebutkan nomor tiang PJU yang mati (tertera di tiang) agar petugas tidak salah titik.",),
        replies=("Nomor tiangnya {nomor}.", "Tidak ada nomornya, tiangnya yang di depan gapura gang."),
    ),
    Topic(
        "sampah",
        problems=(
            "Sampah di TPS dekat {spot} menumpuk, {durasi} tidak diangkut.",
            "Ada pembuangan sampah liar di {spot}, makin hari makin banyak.",
            "Gerobak sampah tidak datang ke {spot} {durasi}.",
            "Orang sering buang sampah sembarangan di pinggir sungai dekat {spot}.",
        ),
        titles=("Sampah TPS menumpuk", "Pembuangan sampah liar", "Sampah tidak diangkut", "Buang sampah ke sungai"),
        effects=(
            "Baunya menyengat sampai ke rumah-rumah.",
            "Banyak lalat dan tikus.",
            "Sampahnya meluber sampai ke badan jalan.",
            "Kalau hujan air lindinya mengalir ke jalan.",
        ),
        responses=(
            "Terima kasih, laporan sudah kami teruskan ke petugas pengangkutan wilayah terkait.",
            "Kami koordinasikan dengan pengelola TPS setempat.",
        ),
        progress=(
            "Armada tambahan sudah dijadwalkan untuk pengangkutan.",
            "Petugas sudah memasang papan larangan membuang sampah di lokasi.",
        ),
        resolutions=(
            "Sampah sudah diangkut seluruhnya dan lokasi dibersihkan.",
            "Pembuangan liar sudah dibersihkan dan dipasang papan larangan; kami minta bantuan RT untuk ikut "
            "mengawasi.",
        ),
        questions=("Apakah tempat yang dimaksud TPS resmi atau lahan kosong? Mohon patokannya.",),
        replies=("Lahan kosong sebelah makam, bukan TPS resmi.",),
    ),
    Topic(
        "taman-pohon",
        problems=(
            "Pohon besar di {spot} condong ke jalan dan dahannya sudah retak.",
            "Dahan pohon di {spot} menutupi lampu jalan dan rambu.",
            "Ada pohon tumbang di {spot} {waktu}, sebagian masih melintang di trotoar.",
            "Taman di {spot} tidak terawat, rumput tinggi dan bangkunya rusak.",
            "Akar pohon di {spot} merusak trotoar sampai terangkat.",
        ),
        titles=(
            "Pohon rawan tumbang di {street}",
            "Dahan menutupi lampu jalan",
            "Pohon tumbang",
            "Taman tidak terawat",
            "Trotoar rusak oleh akar pohon",
        ),
        effects=(
            "Kalau angin kencang takut roboh menimpa pengendara.",
            "Kabel listrik di bawahnya juga tertekan dahan.",
            "Anak-anak sering main di situ.",
        ),
        responses=(
            "Terima kasih, tim pertamanan akan meninjau kondisi pohon.",
            "Laporan diteruskan ke bidang pertamanan untuk dijadwalkan perantingan.",
        ),
        progress=("Perantingan sudah dijadwalkan, menunggu giliran mobil tangga.",),
        resolutions=(
            "Perantingan sudah dilakukan dan dahan yang rapuh dipotong.",
            "Pohon tumbang sudah dievakuasi dan lokasi dibersihkan.",
            "Taman sudah dibersihkan dan bangku yang rusak diperbaiki.",
        ),
        questions=("Mohon dikirim foto pohonnya agar kami bisa menilai perlu perantingan atau penebangan.",),
        replies=("Fotonya menyusul ya, sekarang sudah gelap.", "Pohon angsana yang paling besar di situ."),
    ),
    Topic(
        "pencemaran",
        problems=(
            "Ada usaha di {spot} yang membuang limbah ke sungai, airnya jadi hitam dan bau.",
            "Warga sering bakar sampah di {spot}, asapnya masuk rumah.",
            "Bengkel di {spot} membuang oli bekas ke selokan.",
            "Suara mesin dari usaha di {spot} bising sampai tengah malam.",
        ),
        titles=("Limbah dibuang ke sungai", "Pembakaran sampah", "Oli bekas dibuang ke selokan", "Kebisingan usaha"),
        effects=("Anak saya jadi batuk-batuk.", "Ikan di sungai banyak yang mati.", "Kami tidak bisa istirahat."),
        responses=("Terima kasih, tim pengawasan lingkungan akan melakukan verifikasi lapangan.",),
        progress=("Sampel air sudah diambil untuk diuji di laboratorium.",),
        resolutions=(
            "Sudah dilakukan pembinaan; usaha diminta membuat pengolahan limbah dan dipantau berkala.",
            "Pemilik usaha sudah diberi teguran tertulis dan bersedia menghentikan pembuangan.",
        ),
        sensitive=True,
    ),
    Topic(
        "parkir",
        problems=(
            "Jukir di {spot} minta Rp{tarif} untuk motor, padahal tarif resminya Rp2.000.",
            "Ada parkir liar di {spot} yang memakan separuh badan jalan.",
            "Juru parkir di {spot} tidak pakai rompi dan tidak memberi karcis.",
            "Minimarket di {spot} katanya parkir gratis tapi tetap ditarik jukir.",
        ),
        titles=(
            "Tarif parkir tidak sesuai",
            "Parkir liar di {street}",
            "Jukir tanpa karcis",
            "Parkir minimarket ditarik jukir",
        ),
        effects=(
            "Jalan jadi macet terutama sore hari.",
            "Kalau tidak bayar, jukirnya marah-marah.",
            "Ini sudah sering terjadi, bukan sekali dua kali.",
        ),
        responses=(
            "Terima kasih, laporan kami teruskan ke bidang perparkiran untuk penertiban juru parkir.",
            "Petugas akan mengecek dan membina jukir di lokasi.",
        ),
        progress=("Jukir yang bersangkutan sudah dipanggil untuk pembinaan; pemantauan lanjutan dilakukan.",),
        resolutions=(
            "Jukir sudah dibina dan diberi peringatan; lokasi masuk daftar pengawasan rutin. Silakan lapor "
            "lagi bila terulang.",
            "Penertiban parkir liar sudah dilakukan bersama Satpol PP.",
        ),
        questions=(
            "Mohon info jam berapa kejadiannya dan ciri-ciri jukirnya, agar bisa dicocokkan dengan data jukir resmi.",
        ),
        replies=("Sekitar jam 7 malam, orangnya pakai topi hitam.", "Sore sekitar jam 4, rompinya bukan rompi resmi."),
    ),
    Topic(
        "lalu-lintas",
        problems=(
            "Lampu lalu lintas di {spot} mati {durasi}.",
            "Rambu di {spot} tertutup baliho, tidak terlihat dari jauh.",
            "Durasi lampu hijau di {spot} terlalu singkat, antreannya sampai jauh.",
            "Marka jalan di {spot} sudah pudar, apalagi kalau malam.",
            "Banyak kendaraan melawan arus di {spot} karena tidak ada pembatas.",
        ),
        titles=(
            "Lampu lalu lintas mati",
            "Rambu tertutup baliho",
            "Lampu hijau terlalu singkat",
            "Marka jalan pudar di {street}",
            "Kendaraan melawan arus",
        ),
        effects=("Pengendara saling serobot dan hampir tabrakan.", "Pas jam berangkat kerja macetnya parah."),
        responses=(
            "Terima kasih, laporan diteruskan ke bidang lalu lintas.",
            "Tim akan mengecek kondisi APILL di lokasi.",
        ),
        progress=("Kerusakan ada di controller APILL; suku cadang sedang dipesan.",),
        resolutions=(
            "Lampu lalu lintas sudah berfungsi normal kembali.",
            "Pengaturan waktu siklus lampu sudah disesuaikan.",
            "Marka jalan sudah dicat ulang.",
        ),
    ),
    Topic(
        "air-pdam",
        problems=(
            "Air PDAM di {spot} mati {durasi}, tidak ada pemberitahuan sebelumnya.",
            "Air di rumah kami keruh dan berbau kaporit sekali.",
            "Ada pipa bocor di {spot}, airnya muncrat ke jalan.",
            "Tagihan air bulan ini naik drastis padahal pemakaian biasa saja.",
            "Aliran air kecil sekali, hanya menetes kalau pagi.",
        ),
        titles=("Air mati", "Air keruh", "Pipa bocor di {street}", "Tagihan air naik", "Aliran air kecil"),
        effects=(
            "Kami terpaksa beli air galon untuk masak.",
            "Sangat mengganggu aktivitas sehari-hari.",
            "Sayang airnya terbuang percuma.",
        ),
        responses=(
            "Terima kasih, pengaduan diteruskan ke bagian distribusi Perumda Tugu Tirta.",
            "Petugas teknik akan dikirim ke lokasi.",
        ),
        progress=("Ada perbaikan pipa transmisi; distribusi diperkirakan normal dalam satu sampai dua hari.",),
        resolutions=(
            "Kebocoran pipa sudah diperbaiki, aliran kembali normal.",
            "Meter air sudah dicek; kelebihan tagihan akan dikoreksi pada rekening bulan depan.",
        ),
        questions=("Mohon dikirimkan nomor sambungan pelanggan yang tertera di rekening air.",),
        replies=("Nomor sambungannya {nomor}.",),
    ),
    Topic(
        "listrik-pln",
        problems=(
            "Listrik di {spot} sering padam tanpa pemberitahuan, seminggu bisa tiga kali.",
            "Kabel listrik di {spot} menjuntai rendah, hampir kena kepala.",
            "Tiang listrik di {spot} miring setelah ditabrak truk.",
        ),
        titles=("Listrik sering padam", "Kabel menjuntai di {street}", "Tiang listrik miring"),
        effects=("Barang elektronik warga ada yang rusak.", "Takut tersetrum kalau hujan."),
        responses=(
            "Laporan kami teruskan ke PLN UP3 Malang. Untuk gangguan mendesak silakan juga melapor lewat PLN Mobile "
            "atau Contact Center 123.",
        ),
        progress=("PLN sudah menjadwalkan pengecekan jaringan.",),
        resolutions=("Kabel sudah dirapikan oleh petugas PLN.", "Tiang listrik sudah ditegakkan kembali."),
    ),
    Topic(
        "adminduk",
        problems=(
            "Saya mengurus KTP-el {durasi} lalu tapi sampai sekarang belum jadi, katanya blanko habis.",
            "KK saya sudah diperbarui tapi nama anak salah ketik.",
            "Antrean di layanan Dispendukcapil panjang sekali, datang jam 7 sudah dapat nomor {angka}0.",
            "Pengajuan akta kelahiran lewat online {durasi} tidak ada kabar.",
            "Aplikasi layanan adminduk online error terus waktu unggah berkas.",
            "KTP-el saya hilang dan sudah lapor, tapi cetak ulangnya belum selesai. NIK saya {nik}.",
        ),
        titles=(
            "KTP-el belum jadi",
            "Kesalahan data KK",
            "Antrean adminduk panjang",
            "Pengajuan akta belum diproses",
            "Layanan online error",
            "Cetak ulang KTP-el",
        ),
        effects=(
            "Saya butuh untuk melamar kerja.",
            "Anak saya mau daftar sekolah, butuh akta.",
            "Sudah bolak-balik tiga kali.",
        ),
        responses=(
            "Terima kasih. Mohon maaf atas ketidaknyamanannya; berkas Anda akan kami cek.",
            "Laporan diterima, kami cek status pengajuan Anda.",
        ),
        progress=("Berkas sudah diverifikasi dan sedang menunggu proses cetak.",),
        resolutions=(
            "Dokumen sudah selesai dicetak dan bisa diambil di Mal Pelayanan Publik dengan membawa bukti pengajuan.",
            "Data sudah dibetulkan; KK baru dapat dicetak mandiri melalui layanan online.",
        ),
        questions=(
            "Mohon dikirimkan nomor registrasi pengajuan (bukan NIK) agar dapat kami telusuri.",
            "Kapan dan di mana Anda melakukan perekaman?",
        ),
        replies=("Nomor registrasinya REG-{nomor}.", "Perekaman di kantor kecamatan bulan lalu."),
        needs_place=False,
        sensitive=True,
    ),
    Topic(
        "bansos",
        problems=(
            "Keluarga kami terdaftar di DTKS tapi bantuan sembako {durasi} tidak cair.",
            "Bantuan di RT kami diberikan ke warga yang mampu, lansia yang tidak mampu malah tidak dapat.",
            "Ada lansia tinggal sendiri di {spot} yang butuh bantuan makan dan berobat.",
        ),
        titles=("Bantuan sosial tidak cair", "Bantuan tidak tepat sasaran", "Lansia butuh bantuan"),
        effects=("Kami benar-benar membutuhkan.", "Mohon pendataan yang adil."),
        responses=("Terima kasih, data akan kami cek di DTKS dan dikoordinasikan dengan pendamping sosial kelurahan.",),
        progress=("Pendamping sosial dijadwalkan berkunjung ke alamat yang dilaporkan.",),
        resolutions=(
            "Pendamping sosial sudah berkunjung dan yang bersangkutan diusulkan dalam pemutakhiran DTKS bulan ini.",
            "Penyaluran yang tertunda sudah diproses; bantuan dapat diambil di kantor pos.",
        ),
        questions=(
            "Mohon dikirimkan nama kepala keluarga dan alamat lengkap untuk pengecekan data (kami jaga "
            "kerahasiaannya).",
        ),
        replies=("Sudah saya kirim lewat pesan ke kelurahan juga, atas nama kepala keluarga Pak Slamet, RT 03 RW 02.",),
        sensitive=True,
    ),
    Topic(
        "pendidikan",
        problems=(
            "Sekolah anak saya di sekitar {spot} masih menarik pungutan untuk seragam dan buku.",
            "Atap kelas di SD negeri dekat {spot} bocor dan plafonnya hampir jatuh.",
            "Sistem penerimaan murid baru kemarin membingungkan, rumah kami dekat tapi tidak diterima.",
            "Toilet sekolah di {spot} rusak dan tidak ada air.",
        ),
        titles=("Pungutan di sekolah", "Atap kelas bocor", "Penerimaan murid baru", "Toilet sekolah rusak"),
        effects=("Orang tua murid keberatan.", "Anak-anak takut belajar di kelas itu."),
        responses=("Terima kasih, laporan diteruskan ke bidang terkait dan pengawas sekolah.",),
        progress=("Pengawas sekolah sudah dijadwalkan klarifikasi ke sekolah.",),
        resolutions=(
            "Pengawas sudah klarifikasi ke sekolah; pungutan dihentikan dan yang sudah dibayar dikembalikan.",
            "Perbaikan atap masuk pekerjaan rehabilitasi ringan dan sudah selesai.",
        ),
        sensitive=True,
    ),
    Topic(
        "kesehatan",
        problems=(
            "Pelayanan di puskesmas dekat {spot} lambat, antre dari jam 7 baru dipanggil jam 11.",
            "Obat di puskesmas sering kosong, pasien disuruh beli di luar.",
            "Ada beberapa warga kena DBD di sekitar {spot}, mohon fogging.",
            "Petugas pendaftaran puskesmas kurang ramah ke pasien lansia.",
        ),
        titles=(
            "Antrean puskesmas lama",
            "Obat kosong di puskesmas",
            "Permohonan fogging",
            "Pelayanan pendaftaran puskesmas",
        ),
        effects=("Kasihan yang sudah sepuh harus menunggu lama.", "Warga resah."),
        responses=("Terima kasih atas masukannya, kami teruskan ke kepala puskesmas terkait.",),
        progress=("Petugas surveilans sudah melakukan penyelidikan epidemiologi di lokasi.",),
        resolutions=(
            "Puskesmas sudah menambah loket pendaftaran dan membuka pendaftaran online.",
            "Fogging fokus sudah dilakukan di lokasi; mohon warga tetap melakukan 3M plus.",
        ),
        questions=("Mohon info nama puskesmas dan tanggal kunjungan.",),
        replies=("Puskesmas di kecamatan kami, hari Senin kemarin.",),
    ),
    Topic(
        "ketertiban-pkl",
        problems=(
            "PKL di {spot} berjualan di atas trotoar sampai pejalan kaki harus turun ke jalan.",
            "Ada warung yang buka sampai dini hari di {spot} dan berisik.",
            "Bangunan liar di {spot} memakan sempadan sungai.",
            "Spanduk dan baliho liar dipasang di pohon sepanjang {street}.",
            "Banyak pengamen yang memaksa minta uang di perempatan dekat {spot}.",
        ),
        titles=(
            "PKL di trotoar {street}",
            "Warung buka sampai dini hari",
            "Bangunan liar di sempadan sungai",
            "Reklame liar",
            "Pengamen memaksa",
        ),
        effects=("Pejalan kaki jadi tidak aman.", "Warga sekitar terganggu.", "Kota jadi kelihatan semrawut."),
        responses=(
            "Terima kasih, laporan diteruskan ke regu patroli.",
            "Akan kami tindak lanjuti dengan patroli wilayah.",
        ),
        progress=("Pedagang sudah diberi surat peringatan pertama.",),
        resolutions=(
            "Sudah dilakukan penertiban dan pembinaan PKL; lokasi dipantau patroli rutin.",
            "Spanduk dan baliho liar sudah diturunkan.",
        ),
    ),
    Topic(
        "perizinan",
        problems=(
            "Pengajuan PBG saya {durasi} belum ada kejelasan.",
            "Ada usaha baru di {spot} yang katanya belum punya izin tapi sudah beroperasi.",
            "Situs perizinan online sering tidak bisa diakses.",
        ),
        titles=("PBG belum ada kejelasan", "Usaha tanpa izin", "Layanan perizinan online"),
        responses=("Terima kasih, kami cek status berkas Anda di sistem.",),
        resolutions=(
            "Berkas sudah diverifikasi dan izin terbit; dapat diunduh di akun pemohon.",
            "Pemilik usaha sudah dipanggil dan diminta melengkapi perizinan.",
        ),
        questions=("Mohon dikirimkan nomor permohonan yang tertera di tanda terima.",),
        replies=("Nomor permohonannya {nomor}.",),
        needs_place=False,
    ),
    Topic(
        "pajak-daerah",
        problems=(
            "Tagihan PBB saya tahun ini naik hampir dua kali lipat, mohon penjelasan.",
            "Nama di SPPT PBB masih nama pemilik lama padahal sudah balik nama.",
            "Bayar PBB lewat aplikasi sudah berhasil tapi statusnya masih belum lunas.",
            "Rumah makan di {spot} menarik pajak 10% tapi tidak memakai nota resmi.",
        ),
        titles=("Kenaikan PBB", "SPPT masih atas nama lama", "Status PBB belum lunas", "Pajak restoran tanpa nota"),
        responses=("Terima kasih, kami cek data objek pajak Anda.",),
        resolutions=(
            "Pembayaran sudah tercatat; status di sistem kini lunas.",
            "Permohonan mutasi nama sudah diproses, SPPT tahun depan atas nama baru.",
            "Kenaikan berasal dari penyesuaian NJOP; Anda dapat mengajukan keberatan atau pengurangan di "
            "kantor Bapenda.",
        ),
        questions=("Mohon dikirimkan NOP (nomor objek pajak) yang tertera di SPPT.",),
        replies=("NOP-nya 35.73.0{angka}0.{nomor}.",),
        needs_place=False,
    ),
    Topic(
        "ketenagakerjaan",
        problems=(
            "Perusahaan tempat saya bekerja membayar gaji di bawah UMK.",
            "Saya diberhentikan tanpa pesangon setelah bekerja lima tahun.",
            "THR karyawan di toko tempat saya kerja belum dibayar.",
        ),
        titles=("Gaji di bawah UMK", "PHK tanpa pesangon", "THR belum dibayar"),
        effects=("Teman-teman kerja juga mengalami hal yang sama.", "Kami takut melapor langsung ke atasan."),
        responses=("Terima kasih, laporan akan ditindaklanjuti oleh mediator hubungan industrial.",),
        progress=("Perusahaan sudah dipanggil untuk klarifikasi.",),
        resolutions=("Sudah dilakukan mediasi; perusahaan bersedia membayar kekurangan upah.",),
        questions=("Mohon info nama perusahaan dan alamatnya (identitas pelapor kami rahasiakan).",),
        replies=("Sudah saya tulis lengkap di lampiran, mohon dirahasiakan.",),
        needs_place=False,
        sensitive=True,
    ),
    Topic(
        "pasar-harga",
        problems=(
            "Harga minyak goreng di {pasar} jauh di atas HET.",
            "Atap {pasar} bocor, kalau hujan lorongnya becek.",
            "Timbangan beberapa pedagang di {pasar} tidak sesuai.",
            "Los di {pasar} banyak yang kosong tapi pedagang malah berjualan di jalan.",
        ),
        titles=("Harga di atas HET", "Atap pasar bocor", "Timbangan tidak sesuai", "Los pasar kosong"),
        responses=("Terima kasih, laporan diteruskan ke bidang pasar dan perdagangan.",),
        resolutions=(
            "Tera ulang timbangan sudah dilakukan di pasar tersebut.",
            "Perbaikan atap pasar sudah dilaksanakan.",
            "Sudah dilakukan pemantauan harga dan operasi pasar bersama distributor.",
        ),
        needs_place=False,
    ),
    Topic(
        "kebakaran-penyelamatan",
        problems=(
            "Ada sarang tawon besar di pohon depan rumah di {spot}, sudah ada yang tersengat.",
            "Hidran di {spot} sepertinya rusak dan tertutup lapak.",
            "Ada ular masuk ke saluran di {spot} {waktu}.",
        ),
        titles=("Sarang tawon", "Hidran rusak", "Evakuasi ular"),
        responses=("Terima kasih. Untuk keadaan darurat mohon langsung menghubungi 112. Tim akan menuju lokasi.",),
        resolutions=(
            "Sarang tawon sudah dievakuasi oleh tim rescue.",
            "Ular sudah dievakuasi dan dilepas di habitatnya.",
            "Hidran sudah diperiksa dan lapak di depannya dipindahkan.",
        ),
    ),
    Topic(
        "informasi-publik",
        problems=(
            "Website kelurahan tidak bisa dibuka {durasi}.",
            "Aplikasi pengaduan di HP saya tidak bisa login.",
            "Data di website pemkot masih data tahun lalu.",
            "Ada kabel fiber optik menjuntai di {spot}, tidak jelas milik siapa.",
        ),
        titles=(
            "Website tidak bisa dibuka",
            "Aplikasi tidak bisa login",
            "Data website belum diperbarui",
            "Kabel fiber menjuntai",
        ),
        responses=("Terima kasih, tim kami periksa.",),
        resolutions=(
            "Website sudah dapat diakses kembali setelah perbaikan server.",
            "Akun Anda sudah kami reset; silakan login ulang.",
            "Penyedia jaringan sudah diminta merapikan kabelnya.",
        ),
        needs_place=False,
    ),
    Topic(
        "perumahan-rtlh",
        problems=(
            "Rumah tetangga kami di {spot} sudah hampir roboh, penghuninya lansia. Mohon dibantu program bedah rumah.",
            "Prasarana perumahan di {spot} belum diserahkan ke pemkot, jalannya rusak tidak ada yang memperbaiki.",
        ),
        titles=("Rumah hampir roboh", "PSU perumahan belum diserahkan"),
        responses=("Terima kasih, akan kami verifikasi untuk usulan program RTLH.",),
        resolutions=(
            "Rumah tersebut sudah disurvei dan masuk daftar penerima bantuan RTLH tahun anggaran berikutnya.",
        ),
    ),
    Topic(
        "layanan-kelurahan",
        problems=(
            "Pengurusan surat pengantar di kelurahan {kelurahan} lama, petugasnya sering tidak di tempat.",
            "Ada kegiatan warga yang menutup jalan {street} tanpa izin sampai malam.",
            "Sound system hajatan di {spot} keras sekali sampai jam 1 malam.",
            "Pos kamling di RW kami rusak, mohon dibantu perbaikan.",
        ),
        titles=(
            "Pelayanan surat pengantar",
            "Penutupan jalan tanpa izin",
            "Hajatan terlalu bising",
            "Pos kamling rusak",
        ),
        responses=("Terima kasih, akan kami koordinasikan dengan kelurahan dan RT/RW setempat.",),
        resolutions=(
            "Sudah dilakukan mediasi dengan ketua RT dan warga yang bersangkutan.",
            "Pelayanan surat pengantar kini dengan jadwal piket yang diumumkan di kantor kelurahan.",
        ),
    ),
    # Ideas and questions.
    Topic(
        "taman-pohon",
        problems=(
            "Usul: taman di {spot} ditambah lampu dan tempat duduk supaya bisa dipakai warga sore hari.",
            "Saran, di sekitar {street} ditanami pohon peneduh, sekarang panas sekali kalau siang.",
        ),
        kind=Kind.ASPIRASI,
        responses=("Terima kasih atas usulannya; akan kami masukkan dalam perencanaan pertamanan.",),
        resolutions=("Usulan sudah masuk rencana kegiatan tahun depan.",),
    ),
    Topic(
        "lalu-lintas",
        problems=(
            "Saran, di depan sekolah dekat {spot} dibuatkan zebra cross dan petugas penyeberangan saat jam masuk.",
        ),
        kind=Kind.ASPIRASI,
        responses=("Terima kasih, usulan akan dikaji oleh bidang lalu lintas.",),
        resolutions=("Zebra cross sudah dicat dan jadwal petugas penyeberangan sudah diatur bersama sekolah.",),
    ),
    Topic(
        "sampah",
        problems=("Usul di setiap RW ada bank sampah yang aktif, warga kami siap ikut mengelola.",),
        kind=Kind.ASPIRASI,
        responses=("Terima kasih, kami akan menghubungi pengurus RW untuk pendampingan bank sampah.",),
        resolutions=("Pendampingan pembentukan bank sampah sudah dijadwalkan bersama kelurahan.",),
        needs_place=False,
    ),
    Topic(
        "adminduk",
        problems=(
            "Apa saja syarat membuat KIA untuk anak umur 5 tahun?",
            "Bagaimana cara mengurus surat pindah keluar kota?",
        ),
        kind=Kind.PERMINTAAN_INFORMASI,
        resolutions=(
            "Syaratnya: fotokopi akta kelahiran, KK asli, dan pas foto anak (untuk usia 5 tahun ke atas). Bisa "
            "diajukan "
            "online atau di kantor kelurahan.",
            "Surat pindah dapat diajukan melalui layanan online dengan mengunggah KK dan alasan pindah; "
            "dokumen dikirim "
            "dalam bentuk elektronik.",
        ),
        needs_place=False,
    ),
    Topic(
        "perizinan",
        problems=("Mohon info syarat mengurus NIB untuk usaha mikro rumahan.",),
        kind=Kind.PERMINTAAN_INFORMASI,
        resolutions=(
            "NIB untuk usaha mikro dapat diurus sendiri secara gratis melalui OSS; petugas Mal Pelayanan "
            "Publik siap membantu bila ada kendala.",
        ),
        needs_place=False,
    ),
    Topic(
        "pajak-daerah",
        problems=("Kapan batas akhir pembayaran PBB tahun ini?",),
        kind=Kind.PERMINTAAN_INFORMASI,
        resolutions=(
            "Batas akhir pembayaran tertera di SPPT masing-masing; pembayaran dapat dilakukan di bank, "
            "kantor pos dan aplikasi pembayaran.",
        ),
        needs_place=False,
    ),
    Topic(
        "ketenagakerjaan",
        problems=("Kapan ada job fair atau pelatihan kerja gratis di Kota Malang?",),
        kind=Kind.PERMINTAAN_INFORMASI,
        resolutions=(
            "Jadwal pelatihan dan bursa kerja diumumkan di media sosial resmi; pendaftaran pelatihan "
            "berikutnya dibuka awal bulan depan.",
        ),
        needs_place=False,
    ),
    Topic(
        "taman-pohon",
        problems=("Info: ada pohon tumbang di {spot} {waktu}, belum ada petugas di lokasi.",),
        kind=Kind.INFORMASI,
        responses=("Terima kasih infonya, tim sudah menuju lokasi.",),
        resolutions=("Pohon sudah dipotong dan dievakuasi dari badan jalan.",),
    ),
)


@dataclass(frozen=True)
class TriageCase:
    """A report a citizen could not place: it waits for a verifier, who knows where it belongs."""

    text: str
    category: str  # where the verifier sends it (the category's department)


TRIAGE_CASES: tuple[TriageCase, ...] = (
    TriageCase(
        "Ada tanah kosong di {spot} yang jadi tempat nongkrong sampai malam, banyak botol miras.", "ketertiban-pkl"
    ),
    TriageCase("Trotoar di {spot} dipakai parkir mobil, pejalan kaki harus lewat jalan.", "parkir"),
    TriageCase("Ada sumur tua terbuka di {spot}, bahaya untuk anak-anak.", "layanan-kelurahan"),
    TriageCase("Saya bingung mau lapor ke mana. Jembatan kecil di {spot} pegangannya patah.", "jalan-rusak"),
    TriageCase("Ada bau busuk dari selokan di {spot}, sudah berhari-hari.", "drainase-banjir"),
    TriageCase("Tetangga membakar kabel di {spot}, asapnya hitam pekat.", "pencemaran"),
    TriageCase("Di {spot} ada anjing liar yang sering mengejar anak-anak.", "layanan-kelurahan"),
    TriageCase("Jadwal pengambilan sampah di gang kami tidak jelas, mohon info.", "sampah"),
)


@dataclass(frozen=True)
class RejectCase:
    text: str
    reason: str
    needs_place: bool = False


REJECT_CASES: tuple[RejectCase, ...] = (
    RejectCase(
        "Jual pulsa dan paket data murah, bisa COD. Minat hubungi saya.",
        "Pesan ini bukan pengaduan atau aspirasi layanan publik.",
    ),
    RejectCase("tes", "Pesan uji coba tanpa isi pengaduan."),
    RejectCase(
        "Halo admin, selamat malam, semangat kerjanya ya.", "Pesan ini bukan pengaduan; terima kasih atas dukungannya."
    ),
    RejectCase(
        "Jalan tol arah Pandaan macet parah tiap sore, mohon diatur.",
        "Jalan tol di luar kewenangan Pemerintah Kota Malang; silakan sampaikan ke pengelola jalan tol atau "
        "melalui SP4N-LAPOR!.",
    ),
    RejectCase(
        "Jalan desa di Kepanjen rusak parah, mohon diperbaiki.",
        "Lokasi berada di wilayah Kabupaten Malang. Silakan sampaikan melalui kanal pengaduan Pemerintah "
        "Kabupaten Malang atau SP4N-LAPOR!.",
    ),
    RejectCase(
        "Pelayanan di bank swasta dekat rumah saya lama sekali.",
        "Layanan perbankan swasta di luar kewenangan Pemerintah Kota Malang; silakan hubungi bank terkait atau OJK.",
    ),
)


@dataclass(frozen=True)
class ReturnCase:
    """A complaint that reached a department which is not responsible, and where it belongs instead."""

    category: str
    text: str
    reason: str
    belongs_to: str  # category whose department takes it over
    resolution: str  # what that department finally reports


RETURN_CASES: tuple[ReturnCase, ...] = (
    ReturnCase(
        "jalan-rusak",
        "Jalan di {spot} rusak bekas galian pipa air, sudah {durasi} tidak dikembalikan seperti semula.",
        "Kerusakan akibat galian pipa; pemulihan jalan menjadi kewajiban pelaksana galian (Perumda Tugu Tirta).",
        "air-pdam",
        "Bekas galian sudah diaspal ulang oleh pelaksana pekerjaan pipa.",
    ),
    ReturnCase(
        "parkir",
        "PKL di {spot} memakai lahan parkir dan trotoar untuk berjualan sampai malam.",
        "Penertiban PKL merupakan kewenangan Satpol PP, bukan bidang perparkiran.",
        "ketertiban-pkl",
        "Sudah dilakukan penertiban dan pembinaan PKL; lokasi dipantau patroli rutin.",
    ),
    ReturnCase(
        "taman-pohon",
        "Kabel listrik di {spot} tertimpa dahan pohon dan percikan api terlihat kalau hujan.",
        "Jaringan listrik adalah kewenangan PLN; perantingan di dekat jaringan bertegangan dilakukan oleh PLN.",
        "listrik-pln",
        "Petugas PLN sudah memangkas dahan yang mengenai jaringan dan memeriksa kabelnya.",
    ),
    ReturnCase(
        "sampah",
        "Sampah di saluran air {spot} menyumbat aliran sehingga banjir tiap hujan.",
        "Pembersihan saluran drainase ditangani satgas drainase DPUPRPKP.",
        "drainase-banjir",
        "Sampah dan sedimen di saluran sudah dibersihkan, aliran kembali lancar.",
    ),
)

RATING_COMMENTS = {
    5: (
        "Terima kasih, respon cepat.",
        "Mantap, sudah beres.",
        "Alhamdulillah sudah diperbaiki.",
        "Pelayanan bagus, matur nuwun.",
        "",
    ),
    4: ("Sudah ditangani, terima kasih.", "Cukup cepat, tapi sempat menunggu beberapa hari.", ""),
    3: ("Sudah ditangani tapi butuh waktu lama.", "Lumayan, semoga ke depan lebih cepat.", ""),
    2: ("Penanganannya seadanya.", "Lama sekali baru ada tindakan."),
    1: ("Katanya selesai tapi kondisi di lapangan masih sama.", "Tidak ada perubahan sama sekali."),
}
REOPEN_REASONS = (
    "Belum beres, masalahnya muncul lagi.",
    "Petugas bilang sudah selesai, tapi kondisi di lapangan masih sama.",
    "Baru dua hari sudah kembali seperti semula.",
    "Hanya sebagian yang ditangani, sisi satunya belum.",
)
NOTES = (
    "Sudah koordinasi dengan UPT terkait, menunggu jadwal pengerjaan.",
    "Pelapor sudah ditelepon untuk konfirmasi lokasi.",
    "Lokasi dekat dengan laporan minggu lalu, cek apakah sama.",
    "Anggaran pemeliharaan bulan ini terbatas, diprioritaskan bulan depan.",
    "Perlu koordinasi dengan kelurahan setempat.",
)
INSTRUCTIONS = (
    "Segera ditangani dan laporkan hasilnya minggu ini.",
    "Mohon jadi prioritas, lokasi dekat sekolah.",
    "Koordinasikan dengan camat setempat dan pastikan warga mendapat jawaban.",
    "Sudah lewat batas waktu. Tolong ditindaklanjuti hari ini.",
)
GENERIC_RESPONSES = (
    "Terima kasih atas laporannya, sedang kami tindak lanjuti.",
    "Laporan sudah kami terima dan akan kami cek.",
)
GENERIC_PROGRESS = ("Penanganan sedang berjalan.", "Petugas sudah ke lokasi, tindak lanjut sedang disiapkan.")
GENERIC_RESOLUTIONS = ("Sudah ditindaklanjuti. Terima kasih atas partisipasinya.",)
GENERIC_QUESTIONS = ("Mohon dilengkapi lokasi atau keterangan tambahan agar dapat kami tindak lanjuti.",)
GENERIC_REPLIES = (
    "Sudah saya lengkapi, lokasinya dekat gang masuk sebelah kanan.",
    "Keterangannya seperti di atas, Pak.",
)
CITIZEN_FOLLOW_UPS = ("Apakah sudah ada perkembangan?", "Mohon info perkembangannya.")

FIRST_NAMES = (
    "Agus",
    "Budi",
    "Siti",
    "Dewi",
    "Rina",
    "Eko",
    "Sri",
    "Wahyu",
    "Nur",
    "Andi",
    "Yuli",
    "Hendra",
    "Fitri",
    "Rudi",
    "Lestari",
    "Bambang",
    "Indah",
    "Dimas",
    "Ayu",
    "Joko",
    "Ratna",
    "Fajar",
    "Mega",
    "Teguh",
    "Wulan",
    "Arif",
    "Putri",
    "Slamet",
    "Nanik",
    "Rizki",
)
LAST_NAMES = (
    "Santoso",
    "Wijaya",
    "Lestari",
    "Saputra",
    "Hidayat",
    "Kusuma",
    "Pratama",
    "Rahayu",
    "Setiawan",
    "Handayani",
    "Susanto",
    "Wibowo",
    "Purnomo",
    "Maulana",
    "Anggraeni",
    "",
    "",
    "",
)

# Chat-style spellings; each is applied to a given informal text with some probability.
_INFORMAL = (
    (r"\btidak\b", ("gak", "tdk", "nggak")),
    (r"\bsudah\b", ("udah", "sdh")),
    (r"\byang\b", ("yg",)),
    (r"\bdengan\b", ("dgn",)),
    (r"\btolong\b", ("tlg",)),
    (r"\bbelum\b", ("blm",)),
    (r"\bkarena\b", ("krn", "soalnya")),
    (r"\buntuk\b", ("utk",)),
    (r"\bsaja\b", ("aja",)),
    (r"\bsekali\b", ("banget",)),
    (r"\bsampai\b", ("sampe",)),
    (r"\bMohon\b", ("Mohon", "Mhn", "mohon")),
)


def informal(text: str, rng: random.Random) -> str:
    for pattern, choices in _INFORMAL:
        if rng.random() < 0.7:
            replacement = rng.choice(choices)
            text = re.sub(pattern, replacement, text)
    if rng.random() < 0.4:
        text = text.lower()
    if rng.random() < 0.3:
        text = text.rstrip(".") + rng.choice(("!!", " 🙏", "..", " pak"))
    return text


@dataclass
class Slots:
    """Values for the templates' {placeholders}."""

    values: dict[str, str] = field(default_factory=dict)

    def fill(self, template: str) -> str:
        return template.format_map(self.values)


def make_slots(rng: random.Random, *, spot: str = "", street: str = "", kelurahan: str = "") -> Slots:
    return Slots(
        {
            "spot": spot or "lingkungan kami",
            "street": street or "jalan kampung kami",
            "kelurahan": kelurahan or "kami",
            "durasi": rng.choice(DURATIONS),
            "waktu": rng.choice(MOMENTS),
            "angka": str(rng.randint(3, 9)),
            "tinggi": str(rng.choice((20, 30, 40, 50))),
            "tarif": rng.choice(("5.000", "10.000", "5.000", "3.000")),
            "pasar": rng.choice(MARKETS),
            "nomor": str(rng.randint(10_000, 99_999)),
            # Made-up NIK: the birth-date digits are 000000, which no real NIK has.
            "nik": f"3573{rng.randint(1, 5):02d}000000{rng.randint(1000, 9999)}",
        }
    )


def compose(topic_problem: str, *, topic: Topic | None, slots: Slots, rng: random.Random) -> str:
    """A citizen's text: opening, the problem, maybe an effect and a request, a closing; sometimes informal."""
    opening = slots.fill(rng.choice(OPENINGS))
    problem = slots.fill(topic_problem)
    if opening.endswith(",") and problem[1:2].islower():  # "Halo min, ada ..." but keep "PKL"
        problem = problem[0].lower() + problem[1:]
    parts = [opening, problem]
    if topic is not None and topic.kind == Kind.PENGADUAN:
        if topic.effects and rng.random() < 0.7:
            parts.append(rng.choice(topic.effects))
        if rng.random() < 0.8:
            parts.append(rng.choice(topic.requests or REQUESTS))
    parts.append(rng.choice(CLOSINGS))
    text = " ".join(part for part in parts if part)
    if rng.random() < 0.3:
        text = informal(text, rng)
    return text


def person_name(rng: random.Random) -> str:
    return " ".join(part for part in (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)) if part)


def fake_phone(rng: random.Random) -> str:
    # The 0812-0000 block keeps demo numbers recognisably made up.
    return f"08120000{rng.randint(1000, 9999)}"
