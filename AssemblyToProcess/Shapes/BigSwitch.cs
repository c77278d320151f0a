namespace AssemblyToProcess.Shapes;

/// <summary>A very long method: a 260-way switch (jump table plus sparse cases), so every branch needs a long form.</summary>
public static class BigSwitch
{
    public static string Pick(int x)
    {
        int acc = x;
        string tag;
        switch (x)
        {
            case 0:
                acc = acc * 3 + 1;
                if (acc % 2 == 0) return "early0:" + acc;
                tag = "c0";
                break;
            case 1:
                acc = (acc ^ 4) - 2;
                tag = "c1";
                break;
            case 2:
                acc = acc * acc % 5 + 3;
                tag = "c2";
                break;
            case 3:
                acc += 6 * 4;
                tag = "c3";
                break;
            case 4:
                acc = acc * 7 + 5;
                tag = "c4";
                break;
            case 5:
                acc = (acc ^ 8) - 6;
                tag = "c5";
                break;
            case 6:
                acc = acc * acc % 9 + 7;
                tag = "c6";
                break;
            case 7:
                acc += 10 * 1;
                tag = "c7";
                break;
            case 8:
                acc = acc * 11 + 2;
                tag = "c8";
                break;
            case 9:
                acc = (acc ^ 12) - 3;
                tag = "c9";
                break;
            case 10:
                acc = acc * acc % 13 + 4;
                tag = "c10";
                break;
            case 11:
                acc += 14 * 5;
                tag = "c11";
                break;
            case 12:
                acc = acc * 15 + 6;
                tag = "c12";
                break;
            case 13:
                acc = (acc ^ 16) - 7;
                tag = "c13";
                break;
            case 14:
                acc = acc * acc % 17 + 1;
                tag = "c14";
                break;
            case 15:
                acc += 18 * 2;
                tag = "c15";
                break;
            case 16:
                acc = acc * 19 + 3;
                tag = "c16";
                break;
            case 17:
                acc = (acc ^ 20) - 4;
                tag = "c17";
                break;
            case 18:
                acc = acc * acc % 21 + 5;
                tag = "c18";
                break;
            case 19:
                acc += 22 * 6;
                tag = "c19";
                break;
            case 20:
                acc = acc * 23 + 7;
                tag = "c20";
                break;
            case 21:
                acc = (acc ^ 24) - 1;
                tag = "c21";
                break;
            case 22:
                acc = acc * acc % 25 + 2;
                tag = "c22";
                break;
            case 23:
                acc += 26 * 3;
                tag = "c23";
                break;
            case 24:
                acc = acc * 27 + 4;
                tag = "c24";
                break;
            case 25:
                acc = (acc ^ 28) - 5;
                if (acc % 2 == 0) return "early25:" + acc;
                tag = "c25";
                break;
            case 26:
                acc = acc * acc % 29 + 6;
                tag = "c26";
                break;
            case 27:
                acc += 30 * 7;
                tag = "c27";
                break;
            case 28:
                acc = acc * 31 + 1;
                tag = "c28";
                break;
            case 29:
                acc = (acc ^ 32) - 2;
                tag = "c29";
                break;
            case 30:
                acc = acc * acc % 33 + 3;
                tag = "c30";
                break;
            case 31:
                acc += 34 * 4;
                tag = "c31";
                break;
            case 32:
                acc = acc * 35 + 5;
                tag = "c32";
                break;
            case 33:
                acc = (acc ^ 36) - 6;
                tag = "c33";
                break;
            case 34:
                acc = acc * acc % 37 + 7;
                tag = "c34";
                break;
            case 35:
                acc += 38 * 1;
                tag = "c35";
                break;
            case 36:
                acc = acc * 39 + 2;
                tag = "c36";
                break;
            case 37:
                acc = (acc ^ 40) - 3;
                tag = "c37";
                break;
            case 38:
                acc = acc * acc % 41 + 4;
                tag = "c38";
                break;
            case 39:
                acc += 42 * 5;
                tag = "c39";
                break;
            case 40:
                acc = acc * 43 + 6;
                tag = "c40";
                break;
            case 41:
                acc = (acc ^ 44) - 7;
                tag = "c41";
                break;
            case 42:
                acc = acc * acc % 45 + 1;
                tag = "c42";
                break;
            case 43:
                acc += 46 * 2;
                tag = "c43";
                break;
            case 44:
                acc = acc * 47 + 3;
                tag = "c44";
                break;
            case 45:
                acc = (acc ^ 48) - 4;
                tag = "c45";
                break;
            case 46:
                acc = acc * acc % 49 + 5;
                tag = "c46";
                break;
            case 47:
                acc += 50 * 6;
                tag = "c47";
                break;
            case 48:
                acc = acc * 51 + 7;
                tag = "c48";
                break;
            case 49:
                acc = (acc ^ 52) - 1;
                tag = "c49";
                break;
            case 50:
                acc = acc * acc % 53 + 2;
                if (acc % 2 == 0) return "early50:" + acc;
                tag = "c50";
                break;
            case 51:
                acc += 54 * 3;
                tag = "c51";
                break;
            case 52:
                acc = acc * 55 + 4;
                tag = "c52";
                break;
            case 53:
                acc = (acc ^ 56) - 5;
                tag = "c53";
                break;
            case 54:
                acc = acc * acc % 57 + 6;
                tag = "c54";
                break;
            case 55:
                acc += 58 * 7;
                tag = "c55";
                break;
            case 56:
                acc = acc * 59 + 1;
                tag = "c56";
                break;
            case 57:
                acc = (acc ^ 60) - 2;
                tag = "c57";
                break;
            case 58:
                acc = acc * acc % 61 + 3;
                tag = "c58";
                break;
            case 59:
                acc += 62 * 4;
                tag = "c59";
                break;
            case 60:
                acc = acc * 63 + 5;
                tag = "c60";
                break;
            case 61:
                acc = (acc ^ 64) - 6;
                tag = "c61";
                break;
            case 62:
                acc = acc * acc % 65 + 7;
                tag = "c62";
                break;
            case 63:
                acc += 66 * 1;
                tag = "c63";
                break;
            case 64:
                acc = acc * 67 + 2;
                tag = "c64";
                break;
            case 65:
                acc = (acc ^ 68) - 3;
                tag = "c65";
                break;
            case 66:
                acc = acc * acc % 69 + 4;
                tag = "c66";
                break;
            case 67:
                acc += 70 * 5;
                tag = "c67";
                break;
            case 68:
                acc = acc * 71 + 6;
                tag = "c68";
                break;
            case 69:
                acc = (acc ^ 72) - 7;
                tag = "c69";
                break;
            case 70:
                acc = acc * acc % 73 + 1;
                tag = "c70";
                break;
            case 71:
                acc += 74 * 2;
                tag = "c71";
                break;
            case 72:
                acc = acc * 75 + 3;
                tag = "c72";
                break;
            case 73:
                acc = (acc ^ 76) - 4;
                tag = "c73";
                break;
            case 74:
                acc = acc * acc % 77 + 5;
                tag = "c74";
                break;
            case 75:
                acc += 78 * 6;
                if (acc % 2 == 0) return "early75:" + acc;
                tag = "c75";
                break;
            case 76:
                acc = acc * 79 + 7;
                tag = "c76";
                break;
            case 77:
                acc = (acc ^ 80) - 1;
                tag = "c77";
                break;
            case 78:
                acc = acc * acc % 81 + 2;
                tag = "c78";
                break;
            case 79:
                acc += 82 * 3;
                tag = "c79";
                break;
            case 80:
                acc = acc * 83 + 4;
                tag = "c80";
                break;
            case 81:
                acc = (acc ^ 84) - 5;
                tag = "c81";
                break;
            case 82:
                acc = acc * acc % 85 + 6;
                tag = "c82";
                break;
            case 83:
                acc += 86 * 7;
                tag = "c83";
                break;
            case 84:
                acc = acc * 87 + 1;
                tag = "c84";
                break;
            case 85:
                acc = (acc ^ 88) - 2;
                tag = "c85";
                break;
            case 86:
                acc = acc * acc % 89 + 3;
                tag = "c86";
                break;
            case 87:
                acc += 90 * 4;
                tag = "c87";
                break;
            case 88:
                acc = acc * 91 + 5;
                tag = "c88";
                break;
            case 89:
                acc = (acc ^ 92) - 6;
                tag = "c89";
                break;
            case 90:
                acc = acc * acc % 93 + 7;
                tag = "c90";
                break;
            case 91:
                acc += 94 * 1;
                tag = "c91";
                break;
            case 92:
                acc = acc * 95 + 2;
                tag = "c92";
                break;
            case 93:
                acc = (acc ^ 96) - 3;
                tag = "c93";
                break;
            case 94:
                acc = acc * acc % 97 + 4;
                tag = "c94";
                break;
            case 95:
                acc += 98 * 5;
                tag = "c95";
                break;
            case 96:
                acc = acc * 99 + 6;
                tag = "c96";
                break;
            case 97:
                acc = (acc ^ 100) - 7;
                tag = "c97";
                break;
            case 98:
                acc = acc * acc % 101 + 1;
                tag = "c98";
                break;
            case 99:
                acc += 102 * 2;
                tag = "c99";
                break;
            case 100:
                acc = acc * 103 + 3;
                if (acc % 2 == 0) return "early100:" + acc;
                tag = "c100";
                break;
            case 101:
                acc = (acc ^ 104) - 4;
                tag = "c101";
                break;
            case 102:
                acc = acc * acc % 105 + 5;
                tag = "c102";
                break;
            case 103:
                acc += 106 * 6;
                tag = "c103";
                break;
            case 104:
                acc = acc * 107 + 7;
                tag = "c104";
                break;
            case 105:
                acc = (acc ^ 108) - 1;
                tag = "c105";
                break;
            case 106:
                acc = acc * acc % 109 + 2;
                tag = "c106";
                break;
            case 107:
                acc += 110 * 3;
                tag = "c107";
                break;
            case 108:
                acc = acc * 111 + 4;
                tag = "c108";
                break;
            case 109:
                acc = (acc ^ 112) - 5;
                tag = "c109";
                break;
            case 110:
                acc = acc * acc % 113 + 6;
                tag = "c110";
                break;
            case 111:
                acc += 114 * 7;
                tag = "c111";
                break;
            case 112:
                acc = acc * 115 + 1;
                tag = "c112";
                break;
            case 113:
                acc = (acc ^ 116) - 2;
                tag = "c113";
                break;
            case 114:
                acc = acc * acc % 117 + 3;
                tag = "c114";
                break;
            case 115:
                acc += 118 * 4;
                tag = "c115";
                break;
            case 116:
                acc = acc * 119 + 5;
                tag = "c116";
                break;
            case 117:
                acc = (acc ^ 120) - 6;
                tag = "c117";
                break;
            case 118:
                acc = acc * acc % 121 + 7;
                tag = "c118";
                break;
            case 119:
                acc += 122 * 1;
                tag = "c119";
                break;
            case 120:
                acc = acc * 123 + 2;
                tag = "c120";
                break;
            case 121:
                acc = (acc ^ 124) - 3;
                tag = "c121";
                break;
            case 122:
                acc = acc * acc % 125 + 4;
                tag = "c122";
                break;
            case 123:
                acc += 126 * 5;
                tag = "c123";
                break;
            case 124:
                acc = acc * 127 + 6;
                tag = "c124";
                break;
            case 125:
                acc = (acc ^ 128) - 7;
                if (acc % 2 == 0) return "early125:" + acc;
                tag = "c125";
                break;
            case 126:
                acc = acc * acc % 129 + 1;
                tag = "c126";
                break;
            case 127:
                acc += 130 * 2;
                tag = "c127";
                break;
            case 128:
                acc = acc * 131 + 3;
                tag = "c128";
                break;
            case 129:
                acc = (acc ^ 132) - 4;
                tag = "c129";
                break;
            case 130:
                acc = acc * acc % 133 + 5;
                tag = "c130";
                break;
            case 131:
                acc += 134 * 6;
                tag = "c131";
                break;
            case 132:
                acc = acc * 135 + 7;
                tag = "c132";
                break;
            case 133:
                acc = (acc ^ 136) - 1;
                tag = "c133";
                break;
            case 134:
                acc = acc * acc % 137 + 2;
                tag = "c134";
                break;
            case 135:
                acc += 138 * 3;
                tag = "c135";
                break;
            case 136:
                acc = acc * 139 + 4;
                tag = "c136";
                break;
            case 137:
                acc = (acc ^ 140) - 5;
                tag = "c137";
                break;
            case 138:
                acc = acc * acc % 141 + 6;
                tag = "c138";
                break;
            case 139:
                acc += 142 * 7;
                tag = "c139";
                break;
            case 140:
                acc = acc * 143 + 1;
                tag = "c140";
                break;
            case 141:
                acc = (acc ^ 144) - 2;
                tag = "c141";
                break;
            case 142:
                acc = acc * acc % 145 + 3;
                tag = "c142";
                break;
            case 143:
                acc += 146 * 4;
                tag = "c143";
                break;
            case 144:
                acc = acc * 147 + 5;
                tag = "c144";
                break;
            case 145:
                acc = (acc ^ 148) - 6;
                tag = "c145";
                break;
            case 146:
                acc = acc * acc % 149 + 7;
                tag = "c146";
                break;
            case 147:
                acc += 150 * 1;
                tag = "c147";
                break;
            case 148:
                acc = acc * 151 + 2;
                tag = "c148";
                break;
            case 149:
                acc = (acc ^ 152) - 3;
                tag = "c149";
                break;
            case 150:
                acc = acc * acc % 153 + 4;
                if (acc % 2 == 0) return "early150:" + acc;
                tag = "c150";
                break;
            case 151:
                acc += 154 * 5;
                tag = "c151";
                break;
            case 152:
                acc = acc * 155 + 6;
                tag = "c152";
                break;
            case 153:
                acc = (acc ^ 156) - 7;
                tag = "c153";
                break;
            case 154:
                acc = acc * acc % 157 + 1;
                tag = "c154";
                break;
            case 155:
                acc += 158 * 2;
                tag = "c155";
                break;
            case 156:
                acc = acc * 159 + 3;
                tag = "c156";
                break;
            case 157:
                acc = (acc ^ 160) - 4;
                tag = "c157";
                break;
            case 158:
                acc = acc * acc % 161 + 5;
                tag = "c158";
                break;
            case 159:
                acc += 162 * 6;
                tag = "c159";
                break;
            case 160:
                acc = acc * 163 + 7;
                tag = "c160";
                break;
            case 161:
                acc = (acc ^ 164) - 1;
                tag = "c161";
                break;
            case 162:
                acc = acc * acc % 165 + 2;
                tag = "c162";
                break;
            case 163:
                acc += 166 * 3;
                tag = "c163";
                break;
            case 164:
                acc = acc * 167 + 4;
                tag = "c164";
                break;
            case 165:
                acc = (acc ^ 168) - 5;
                tag = "c165";
                break;
            case 166:
                acc = acc * acc % 169 + 6;
                tag = "c166";
                break;
            case 167:
                acc += 170 * 7;
                tag = "c167";
                break;
            case 168:
                acc = acc * 171 + 1;
                tag = "c168";
                break;
            case 169:
                acc = (acc ^ 172) - 2;
                tag = "c169";
                break;
            case 170:
                acc = acc * acc % 173 + 3;
                tag = "c170";
                break;
            case 171:
                acc += 174 * 4;
                tag = "c171";
                break;
            case 172:
                acc = acc * 175 + 5;
                tag = "c172";
                break;
            case 173:
                acc = (acc ^ 176) - 6;
                tag = "c173";
                break;
            case 174:
                acc = acc * acc % 177 + 7;
                tag = "c174";
                break;
            case 175:
                acc += 178 * 1;
                if (acc % 2 == 0) return "early175:" + acc;
                tag = "c175";
                break;
            case 176:
                acc = acc * 179 + 2;
                tag = "c176";
                break;
            case 177:
                acc = (acc ^ 180) - 3;
                tag = "c177";
                break;
            case 178:
                acc = acc * acc % 181 + 4;
                tag = "c178";
                break;
            case 179:
                acc += 182 * 5;
                tag = "c179";
                break;
            case 180:
                acc = acc * 183 + 6;
                tag = "c180";
                break;
            case 181:
                acc = (acc ^ 184) - 7;
                tag = "c181";
                break;
            case 182:
                acc = acc * acc % 185 + 1;
                tag = "c182";
                break;
            case 183:
                acc += 186 * 2;
                tag = "c183";
                break;
            case 184:
                acc = acc * 187 + 3;
                tag = "c184";
                break;
            case 185:
                acc = (acc ^ 188) - 4;
                tag = "c185";
                break;
            case 186:
                acc = acc * acc % 189 + 5;
                tag = "c186";
                break;
            case 187:
                acc += 190 * 6;
                tag = "c187";
                break;
            case 188:
                acc = acc * 191 + 7;
                tag = "c188";
                break;
            case 189:
                acc = (acc ^ 192) - 1;
                tag = "c189";
                break;
            case 190:
                acc = acc * acc % 193 + 2;
                tag = "c190";
                break;
            case 191:
                acc += 194 * 3;
                tag = "c191";
                break;
            case 192:
                acc = acc * 195 + 4;
                tag = "c192";
                break;
            case 193:
                acc = (acc ^ 196) - 5;
                tag = "c193";
                break;
            case 194:
                acc = acc * acc % 197 + 6;
                tag = "c194";
                break;
            case 195:
                acc += 198 * 7;
                tag = "c195";
                break;
            case 196:
                acc = acc * 199 + 1;
                tag = "c196";
                break;
            case 197:
                acc = (acc ^ 200) - 2;
                tag = "c197";
                break;
            case 198:
                acc = acc * acc % 201 + 3;
                tag = "c198";
                break;
            case 199:
                acc += 202 * 4;
                tag = "c199";
                break;
            case 200:
                acc = acc * 203 + 5;
                if (acc % 2 == 0) return "early200:" + acc;
                tag = "c200";
                break;
            case 201:
                acc = (acc ^ 204) - 6;
                tag = "c201";
                break;
            case 202:
                acc = acc * acc % 205 + 7;
                tag = "c202";
                break;
            case 203:
                acc += 206 * 1;
                tag = "c203";
                break;
            case 204:
                acc = acc * 207 + 2;
                tag = "c204";
                break;
            case 205:
                acc = (acc ^ 208) - 3;
                tag = "c205";
                break;
            case 206:
                acc = acc * acc % 209 + 4;
                tag = "c206";
                break;
            case 207:
                acc += 210 * 5;
                tag = "c207";
                break;
            case 208:
                acc = acc * 211 + 6;
                tag = "c208";
                break;
            case 209:
                acc = (acc ^ 212) - 7;
                tag = "c209";
                break;
            case 210:
                acc = acc * acc % 213 + 1;
                tag = "c210";
                break;
            case 211:
                acc += 214 * 2;
                tag = "c211";
                break;
            case 212:
                acc = acc * 215 + 3;
                tag = "c212";
                break;
            case 213:
                acc = (acc ^ 216) - 4;
                tag = "c213";
                break;
            case 214:
                acc = acc * acc % 217 + 5;
                tag = "c214";
                break;
            case 215:
                acc += 218 * 6;
                tag = "c215";
                break;
            case 216:
                acc = acc * 219 + 7;
                tag = "c216";
                break;
            case 217:
                acc = (acc ^ 220) - 1;
                tag = "c217";
                break;
            case 218:
                acc = acc * acc % 221 + 2;
                tag = "c218";
                break;
            case 219:
                acc += 222 * 3;
                tag = "c219";
                break;
            case 220:
                acc = acc * 223 + 4;
                tag = "c220";
                break;
            case 221:
                acc = (acc ^ 224) - 5;
                tag = "c221";
                break;
            case 222:
                acc = acc * acc % 225 + 6;
                tag = "c222";
                break;
            case 223:
                acc += 226 * 7;
                tag = "c223";
                break;
            case 224:
                acc = acc * 227 + 1;
                tag = "c224";
                break;
            case 225:
                acc = (acc ^ 228) - 2;
                if (acc % 2 == 0) return "early225:" + acc;
                tag = "c225";
                break;
            case 226:
                acc = acc * acc % 229 + 3;
                tag = "c226";
                break;
            case 227:
                acc += 230 * 4;
                tag = "c227";
                break;
            case 228:
                acc = acc * 231 + 5;
                tag = "c228";
                break;
            case 229:
                acc = (acc ^ 232) - 6;
                tag = "c229";
                break;
            case 230:
                acc = acc * acc % 233 + 7;
                tag = "c230";
                break;
            case 231:
                acc += 234 * 1;
                tag = "c231";
                break;
            case 232:
                acc = acc * 235 + 2;
                tag = "c232";
                break;
            case 233:
                acc = (acc ^ 236) - 3;
                tag = "c233";
                break;
            case 234:
                acc = acc * acc % 237 + 4;
                tag = "c234";
                break;
            case 235:
                acc += 238 * 5;
                tag = "c235";
                break;
            case 236:
                acc = acc * 239 + 6;
                tag = "c236";
                break;
            case 237:
                acc = (acc ^ 240) - 7;
                tag = "c237";
                break;
            case 238:
                acc = acc * acc % 241 + 1;
                tag = "c238";
                break;
            case 239:
                acc += 242 * 2;
                tag = "c239";
                break;
            case 240:
                acc = acc * 243 + 3;
                tag = "c240";
                break;
            case 241:
                acc = (acc ^ 244) - 4;
                tag = "c241";
                break;
            case 242:
                acc = acc * acc % 245 + 5;
                tag = "c242";
                break;
            case 243:
                acc += 246 * 6;
                tag = "c243";
                break;
            case 244:
                acc = acc * 247 + 7;
                tag = "c244";
                break;
            case 245:
                acc = (acc ^ 248) - 1;
                tag = "c245";
                break;
            case 246:
                acc = acc * acc % 249 + 2;
                tag = "c246";
                break;
            case 247:
                acc += 250 * 3;
                tag = "c247";
                break;
            case 248:
                acc = acc * 251 + 4;
                tag = "c248";
                break;
            case 249:
                acc = (acc ^ 252) - 5;
                tag = "c249";
                break;
            case 1000:
                acc = Helper(acc);
                tag = "sparse1000";
                break;
            case 5000:
                acc = Helper(acc);
                tag = "sparse5000";
                break;
            case 123456:
                acc = Helper(acc);
                tag = "sparse123456";
                break;
            default:
                tag = "default";
                break;
        }
        return tag + ":" + acc;
    }

    public static int Helper(int x) => x / 10;
}
